/** A 1-based line and column in a template file. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Where the values of a parsed template were written. Objects and arrays are keyed by identity, so
 * a value keeps its position however it is passed around (Globals merged into a function included).
 */
export class TemplatePositions {
  readonly #nodes = new WeakMap<object, Position>();
  readonly #keys = new WeakMap<object, Map<string, Position>>();
  readonly #items = new WeakMap<object, Position[]>();

  setNode(value: object, position: Position): void {
    this.#nodes.set(value, position);
  }

  setKey(map: object, key: string, position: Position): void {
    let keys = this.#keys.get(map);
    if (keys === undefined) this.#keys.set(map, (keys = new Map()));
    keys.set(key, position);
  }

  setItem(list: object, index: number, position: Position): void {
    let items = this.#items.get(list);
    if (items === undefined) this.#items.set(list, (items = []));
    items[index] = position;
  }

  /** Gives a merged mapping the key positions of the mappings it came from (later sources win). */
  inherit(target: object, ...sources: object[]): void {
    for (const source of sources) {
      for (const [key, position] of this.#keys.get(source) ?? []) this.setKey(target, key, position);
      const node = this.#nodes.get(source);
      if (node) this.#nodes.set(target, node);
    }
  }

  /** Where an object or array starts. */
  of(value: unknown): Position | undefined {
    return typeof value === 'object' && value !== null ? this.#nodes.get(value) : undefined;
  }

  /** Where `key` of a mapping is written (the key itself, which is where a reader looks). */
  ofKey(map: unknown, key: string): Position | undefined {
    return typeof map === 'object' && map !== null ? this.#keys.get(map)?.get(key) : undefined;
  }

  /** Where item `index` of a list starts. */
  ofItem(list: unknown, index: number): Position | undefined {
    return typeof list === 'object' && list !== null ? this.#items.get(list)?.[index] : undefined;
  }
}
