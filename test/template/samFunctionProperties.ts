import type { CloudFormationTemplate } from './loadTemplate.ts';

/**
 * A SAM function's properties with `Globals.Function` applied as SAM does: the function's own values
 * win; maps (Environment.Variables, Tags) are merged key by key; lists are taken from the function.
 */
export function samFunctionProperties(template: CloudFormationTemplate, logicalId: string): Record<string, unknown> {
  const resource = template.Resources[logicalId];
  if (resource?.Type !== 'AWS::Serverless::Function') throw new Error(`${logicalId} is not an AWS::Serverless::Function`);
  return mergeGlobals(template.Globals?.Function ?? {}, resource.Properties ?? {});
}

function mergeGlobals(global: Record<string, unknown>, local: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...global };
  for (const [key, value] of Object.entries(local)) {
    const inherited = out[key];
    out[key] = isPlainMap(inherited) && isPlainMap(value) ? mergeGlobals(inherited, value) : value;
  }
  return out;
}

/** A map of properties, not an intrinsic function call. */
function isPlainMap(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return !(keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::')));
}
