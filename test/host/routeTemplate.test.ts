import { RouteTemplate, splitPath } from '../../src/host/http/routeTemplate';

const match = (template: string, path: string) => new RouteTemplate(template).match(splitPath(path));

describe('route templates', () => {
  test('literal segments match case-insensitively; extra or missing segments do not match', () => {
    expect(match('orders/pending', 'Orders/PENDING')).toEqual({});
    expect(match('orders/pending', 'orders')).toBeUndefined();
    expect(match('orders', 'orders/pending')).toBeUndefined();
  });

  test('parameters are decoded; optional ones may be left out', () => {
    expect(match('orders/{id}', 'orders/a%2Fb')).toEqual({ id: 'a/b' });
    expect(match('orders/{id?}', 'orders')).toEqual({});
    expect(match('orders/{id}', 'orders')).toBeUndefined();
  });

  test('constraints restrict what a parameter takes', () => {
    expect(match('n/{n:int}', 'n/-12')).toEqual({ n: '-12' });
    expect(match('n/{n:int}', 'n/1.5')).toBeUndefined();
    expect(match('g/{g:guid}', 'g/3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBeDefined();
    expect(match('b/{b:bool}', 'b/maybe')).toBeUndefined();
    expect(match('a/{a:alpha}', 'a/abc')).toEqual({ a: 'abc' });
  });

  test('a catch-all takes the rest of the path', () => {
    expect(match('files/{*rest}', 'files/x/y/z')).toEqual({ rest: 'x/y/z' });
    expect(match('files/{*rest}', 'files')).toEqual({});
  });

  test('malformed percent-encoding does not match instead of throwing', () => {
    expect(match('orders/{id}', 'orders/%E0%A4%A')).toBeUndefined();
  });

  test('a template with a broken segment is refused when the app loads', () => {
    expect(() => new RouteTemplate('orders/{id')).toThrow(/invalid segment/);
  });
});
