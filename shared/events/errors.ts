/** Errors raised while reading events that reach Keycard's handlers. */
import { cutForMessage } from '../report/cutForMessage.ts';

/** Base class: something about an incoming event could not be read. */
export class EventError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventError';
  }
}

/**
 * The event does not have the shape Keycard expects. Carries the event id (EventBridge `id`, or the
 * CloudTrail `eventID` when the envelope id is unreadable) so the handler can log and report it
 * instead of dropping it silently.
 */
export class EventParseError extends EventError {
  /** Envelope or CloudTrail event id; undefined when even that could not be read. */
  readonly eventId: string | undefined;
  /** Dotted path of the field that was wrong, e.g. `detail.eventName`. */
  readonly path: string;
  constructor(eventId: string | undefined, path: string, problem: string, options?: { cause?: unknown }) {
    super(
      `Event ${eventId === undefined ? '(no id)' : cutForMessage(eventId)}: ${path} ${problem}. ` +
        'Keycard expects an EventBridge "AWS API Call via CloudTrail" event (see events/ for samples).',
      options,
    );
    this.name = 'EventParseError';
    this.eventId = eventId;
    this.path = path;
  }
}
