import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { CollectionTag, Node, ScalarTag } from 'yaml';
import { TemplateError } from './errors.ts';
import { TemplatePositions, type Position } from './TemplatePositions.ts';

/** A CloudFormation or SAM template as plain JSON (short-form tags as `{ "Fn::X": ... }`), with positions. */
export interface ParsedTemplate {
  /** The path as the user gave it; findings print it. */
  file: string;
  body: TemplateBody;
  positions: TemplatePositions;
}

export interface TemplateBody {
  Parameters?: Record<string, { Type?: string; Default?: unknown; [key: string]: unknown }>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Globals?: { Function?: Record<string, unknown>; [key: string]: unknown };
  Resources: Record<string, TemplateResource>;
  [key: string]: unknown;
}

export interface TemplateResource {
  Type: string;
  Condition?: string;
  Properties?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The intrinsic functions CloudFormation writes `!Name` in YAML and `{ "Fn::Name": ... }` in JSON. */
const FUNCTIONS = [
  'And', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAZs', 'GetAtt', 'If', 'ImportValue', 'Join', 'Length', 'Not',
  'Or', 'Select', 'Split', 'Sub', 'ToJsonString', 'Transform',
];
const TAG_NAMES = [...FUNCTIONS, 'Ref', 'Condition'];

/** Every short-form tag, in scalar, sequence and mapping form; the node is kept and converted below. */
const CUSTOM_TAGS: (ScalarTag | CollectionTag)[] = TAG_NAMES.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value } as ScalarTag,
  { tag: `!${name}`, collection: 'seq', resolve: (node: unknown) => node } as unknown as CollectionTag,
  { tag: `!${name}`, collection: 'map', resolve: (node: unknown) => node } as unknown as CollectionTag,
]);

/**
 * Parses a template written in YAML (CloudFormation's short-form tags included) or JSON (`sam build`,
 * `cdk synth` output; JSON is YAML). Positions of every mapping, key and list item are kept, so a
 * finding can name the line of the statement at fault. Duplicate keys and unknown tags are errors.
 */
export function parseTemplate(text: string, file: string): ParsedTemplate {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { customTags: CUSTOM_TAGS, lineCounter, uniqueKeys: true, strict: true, prettyErrors: false });
  const problem = document.errors[0] ?? document.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (problem !== undefined) {
    const at = lineCounter.linePos(problem.pos[0]);
    throw new TemplateError(`${file}:${at.line}:${at.col}: not valid YAML or JSON: ${problem.message.split('\n')[0]}`);
  }
  const positions = new TemplatePositions();
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const body = toPlain(document.contents, positions, (offset) => position(offset), file, (node) => tagStart(text, node));
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new TemplateError(`${file}: not a CloudFormation template (expected a mapping at the top level)`);
  }
  const resources = (body as Record<string, unknown>).Resources;
  if (typeof resources !== 'object' || resources === null || Array.isArray(resources)) {
    throw new TemplateError(`${file}: not a CloudFormation template (no Resources mapping)`);
  }
  return { file, body: body as TemplateBody, positions };
}

/** Where a node starts, its tag included (`- !Sub ...` starts at the `!`): yaml's range starts after the tag. */
function tagStart(text: string, node: unknown): number | undefined {
  const range = (node as Node | null)?.range;
  if (!range) return undefined;
  const tag = (node as Node).tag;
  if (tag === undefined || !tag.startsWith('!')) return range[0];
  const at = text.lastIndexOf(tag, range[0]);
  return at >= 0 && text.slice(at + tag.length, range[0]).trim() === '' ? at : range[0];
}

type StartOf = (node: unknown) => number | undefined;

function toPlain(node: unknown, positions: TemplatePositions, position: (offset: number) => Position, file: string, startOf: StartOf): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    throw new TemplateError(`${file}: YAML aliases (*${node.source}) are not allowed in CloudFormation templates`);
  }
  const plain = untagged(node, positions, position, file, startOf);
  const tag = (node as Node).tag;
  if (tag === undefined || !tag.startsWith('!')) return plain;
  const name = tag.slice(1);
  let wrapped: Record<string, unknown>;
  if (name === 'Ref' || name === 'Condition') wrapped = { [name]: plain };
  else if (name === 'GetAtt' && typeof plain === 'string') {
    const dot = plain.indexOf('.');
    if (dot < 1) throw new TemplateError(`${file}:${where(node, position)}: !GetAtt ${plain}: expected Resource.Attribute`);
    wrapped = { 'Fn::GetAtt': [plain.slice(0, dot), plain.slice(dot + 1)] };
  } else wrapped = { [`Fn::${name}`]: plain };
  const start = startOf(node);
  if (start !== undefined) positions.setNode(wrapped, position(start));
  return wrapped;
}

function untagged(node: unknown, positions: TemplatePositions, position: (offset: number) => Position, file: string, startOf: StartOf): unknown {
  if (isScalar(node)) return node.value;
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    if (node.range) positions.setNode(out, position(node.range[0]));
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      out[key] = toPlain(pair.value, positions, position, file, startOf);
      const keyRange = (pair.key as Node | null)?.range;
      if (keyRange) positions.setKey(out, key, position(keyRange[0]));
    }
    return out;
  }
  if (isSeq(node)) {
    const out: unknown[] = [];
    if (node.range) positions.setNode(out, position(node.range[0]));
    node.items.forEach((item, index) => {
      out.push(toPlain(item, positions, position, file, startOf));
      const start = startOf(item);
      if (start !== undefined) positions.setItem(out, index, position(start));
    });
    return out;
  }
  return node;
}

function where(node: unknown, position: (offset: number) => Position): string {
  const range = (node as Node).range;
  if (!range) return '?';
  const p = position(range[0]);
  return `${p.line}:${p.column}`;
}
