/**
 * A mute list from its JSON text, validated against one schema (ajv). The error names the field at
 * fault (`mutes[2].expires`) so the user can fix it; the caller adds where the text came from.
 */
import { Ajv } from 'ajv';
import type { Mute, MuteList } from './MuteList.ts';

export class MuteListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MuteListError';
  }
}

const SCHEMA = {
  type: 'object',
  required: ['mutes'],
  additionalProperties: false,
  properties: {
    mutes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['checkId', 'arn', 'expires', 'reason'],
        additionalProperties: false,
        properties: {
          checkId: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
          // Exact ARNs only: `*` and `?` would silently widen a mute past what someone reviewed.
          arn: { type: 'string', pattern: '^arn:[^*?\\s]+$' },
          expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          reason: { type: 'string', minLength: 1, maxLength: 1000 },
        },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: false, strict: true }).compile<MuteList>(SCHEMA);

const EXPECTED: Record<string, string> = {
  checkId: 'a check id such as admin-access',
  arn: "the finding's resourceArn exactly (arn:..., no wildcards)",
  expires: 'a date YYYY-MM-DD',
  reason: 'a non-empty reason (at most 1000 characters)',
};

export function parseMuteList(text: string): MuteList {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new MuteListError(`not JSON (${(error as Error).message}); expected {"mutes": [{"checkId", "arn", "expires", "reason"}]}`);
  }
  if (!validate(data)) {
    const error = validate.errors?.[0];
    const path = fieldPath(error?.instancePath ?? '', error?.params as Record<string, unknown> | undefined);
    const leaf = path.split('.').pop() ?? '';
    const expected = EXPECTED[leaf] ?? 'an object {"mutes": [{"checkId", "arn", "expires", "reason"}]} with no other fields';
    throw new MuteListError(`${path || 'the file'}: ${error?.message ?? 'invalid'}; expected ${expected}`);
  }
  data.mutes.forEach((mute: Mute, i: number) => {
    if (!isCalendarDate(mute.expires)) throw new MuteListError(`mutes[${i}].expires: '${mute.expires}' is not a calendar date; expected YYYY-MM-DD`);
  });
  return data;
}

/** `/mutes/2/expires` -> `mutes[2].expires`; a missing or extra property is named as the field. */
function fieldPath(instancePath: string, params: Record<string, unknown> | undefined): string {
  const parts = instancePath.split('/').filter(Boolean);
  const named = params?.missingProperty ?? params?.additionalProperty;
  if (typeof named === 'string') parts.push(named);
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
}

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
