/** An entity's scheduler id, `@name@key`, as durable-functions writes it: the name lower-cased, the key as is. */
export interface EntityAddress {
  name: string;
  key: string;
}

export function entitySchedulerId(name: string, key: string): string {
  return `@${name.toLowerCase()}@${key}`;
}

export function parseEntitySchedulerId(id: string): EntityAddress | undefined {
  if (!id.startsWith('@')) return undefined;
  const at = id.indexOf('@', 1);
  if (at < 0) return undefined;
  return { name: id.substring(1, at), key: id.substring(at + 1) };
}

export function isEntitySchedulerId(id: string): boolean {
  return id.startsWith('@');
}
