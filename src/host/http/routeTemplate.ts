/** An ASP.NET-style route template, as Azure Functions uses: `orders/{id}`, `items/{n:int?}`, `files/{*path}`. */
type Segment =
  | { kind: 'literal'; text: string }
  | { kind: 'param'; name: string; optional: boolean; constraint?: string; catchAll: boolean };

const CONSTRAINTS: Record<string, RegExp> = {
  int: /^-?\d+$/,
  long: /^-?\d+$/,
  bool: /^(true|false)$/i,
  guid: /^[{(]?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}[)}]?$/i,
  alpha: /^[a-z]+$/i,
  double: /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/,
  float: /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/,
  decimal: /^-?\d+(\.\d+)?$/,
};

export class RouteTemplate {
  private readonly segments: Segment[];

  constructor(readonly template: string) {
    const parts = template.replace(/^\/+|\/+$/g, '').split('/').filter((p) => p !== '');
    this.segments = parts.map((part) => {
      const m = /^\{(\*)?([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z]+)(?:\([^)]*\))?)?(\?)?\}$/.exec(part);
      if (!m) {
        if (/[{}]/.test(part)) throw new Error(`The route template "${template}" has an invalid segment "${part}".`);
        return { kind: 'literal', text: part.toLowerCase() };
      }
      return { kind: 'param', name: m[2], catchAll: m[1] === '*', constraint: m[3]?.toLowerCase(), optional: m[4] === '?' || m[1] === '*' };
    });
  }

  /** Literal segments first, then constrained, then plain parameters: the more specific route wins. */
  get specificity(): number[] {
    return this.segments.map((s) => (s.kind === 'literal' ? 3 : s.catchAll ? 0 : s.constraint ? 2 : 1));
  }

  /** The decoded route parameters when `pathSegments` (already split, still encoded) match. */
  match(pathSegments: string[]): Record<string, string> | undefined {
    const params: Record<string, string> = {};
    for (let i = 0; i < this.segments.length; i++) {
      const segment = this.segments[i];
      const raw = pathSegments[i];
      if (segment.kind === 'literal') {
        if (raw === undefined || safeDecode(raw)?.toLowerCase() !== segment.text) return undefined;
        continue;
      }
      if (segment.catchAll) {
        const rest = pathSegments.slice(i).map(safeDecode);
        if (rest.some((s) => s === undefined)) return undefined;
        if (rest.length) params[segment.name] = rest.join('/');
        return params;
      }
      if (raw === undefined) {
        if (!segment.optional) return undefined;
        continue;
      }
      const value = safeDecode(raw);
      if (value === undefined || value === '') return undefined;
      const constraint = segment.constraint ? CONSTRAINTS[segment.constraint] : undefined;
      if (constraint && !constraint.test(value)) return undefined;
      params[segment.name] = value;
    }
    return pathSegments.length <= this.segments.length ? params : undefined;
  }
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

export function splitPath(pathname: string): string[] {
  return pathname.split('/').filter((s) => s !== '');
}
