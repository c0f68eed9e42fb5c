/** Real-shaped CloudTrail records and EventBridge envelopes written for the tests (test/fixtures/cloudtrail, events/). */
import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../fixtures/cloudtrail/', import.meta.url);
const EVENTS = new URL('../../events/', import.meta.url);

/** A file of test/fixtures/cloudtrail/. */
export const cloudTrailFixture = <T = Record<string, unknown>>(file: string): T =>
  JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as T;

/** A sample event of events/ (EventBridge envelope), as `sam local invoke -e` takes it. */
export const sampleEvent = <T = Record<string, unknown>>(file: string): T =>
  JSON.parse(readFileSync(new URL(file, EVENTS), 'utf8')) as T;
