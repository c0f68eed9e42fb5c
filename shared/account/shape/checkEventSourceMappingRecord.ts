import type { EventSourceMappingRecord } from '../records.ts';
import { withDefects } from './RecordDefect.ts';
import { ShapeChecker, isPlainObject, withFields } from './ShapeChecker.ts';

/**
 * One entry of list-event-source-mappings as read from outside: every field Keycard reads is
 * checked once here. A field of the wrong type is left out (UUID becomes '') and recorded as a
 * defect: an `evaluation-incomplete` on the mapping's function, or on the account when the entry
 * does not say which function it belongs to.
 */
export function checkEventSourceMappingRecord(value: unknown, source: string, field: string): EventSourceMappingRecord {
  const check = new ShapeChecker(source);
  if (!isPlainObject(value)) {
    check.object(value ?? null, field);
    return withDefects({ UUID: '' }, check.defects);
  }
  const destination = check.object(value.DestinationConfig, `${field}.DestinationConfig`);
  const onFailure = destination === undefined ? undefined : check.object(destination.OnFailure, `${field}.DestinationConfig.OnFailure`);
  const checked = withFields(value, {
    UUID: check.string(value.UUID ?? null, `${field}.UUID`) ?? '',
    FunctionArn: check.string(value.FunctionArn, `${field}.FunctionArn`),
    EventSourceArn: check.string(value.EventSourceArn, `${field}.EventSourceArn`),
    State: check.string(value.State, `${field}.State`),
    DestinationConfig:
      destination === undefined
        ? undefined
        : withFields(destination, {
            OnFailure:
              onFailure === undefined
                ? undefined
                : withFields(onFailure, {
                    Destination: check.string(onFailure.Destination, `${field}.DestinationConfig.OnFailure.Destination`),
                  }),
          }),
  });
  return withDefects(checked as EventSourceMappingRecord, check.defects);
}
