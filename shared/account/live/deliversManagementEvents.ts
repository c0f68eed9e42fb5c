import type { AdvancedEventSelector, EventSelector } from '@aws-sdk/client-cloudtrail';

/**
 * Whether a trail's event selectors (GetEventSelectors) let write management events through: the
 * events Keycard's rules listen to. Basic selectors: `IncludeManagementEvents` (CloudTrail's default
 * is true) with a ReadWriteType other than ReadOnly. Advanced selectors: one whose fields select
 * `eventCategory = Management` and do not restrict it to `readOnly = true`.
 */
export function deliversManagementEvents(selectors: { EventSelectors?: EventSelector[]; AdvancedEventSelectors?: AdvancedEventSelector[] }): boolean {
  const basic = selectors.EventSelectors ?? [];
  const advanced = selectors.AdvancedEventSelectors ?? [];
  if (basic.some((s) => s.IncludeManagementEvents !== false && s.ReadWriteType !== 'ReadOnly')) return true;
  return advanced.some((selector) => {
    const fields = selector.FieldSelectors ?? [];
    const equals = (field: string, value: string) =>
      fields.some((f) => f.Field === field && (f.Equals ?? []).some((v) => v.toLowerCase() === value.toLowerCase()));
    return equals('eventCategory', 'Management') && !equals('readOnly', 'true');
  });
}
