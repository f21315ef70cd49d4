/**
 * Naming the store in messages and SQL. The password is never shown: messages name the store
 * by {@link redactStoreUrl} before connecting and {@link describeStore} after.
 */
/**
 * The URL without its password or query parameters, for messages.
 *
 * @example
 * redactStoreUrl('postgres://ana:s3cret@db:5432/hr?sslmode=require'); // 'postgres://ana@db:5432/hr'
 */
export function redactStoreUrl(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0];
  if (scheme === undefined) return '(not a URL)';
  const rest = url.slice(scheme.length).split(/[?#]/)[0] ?? '';
  const at = rest.lastIndexOf('@');
  if (at < 0) return scheme + rest;
  const user = rest.slice(0, at).split(':')[0] ?? '';
  return `${scheme}${user}@${rest.slice(at + 1)}`;
}

/** `"name"`: an identifier checked by {@link checkStoreSettings}, quoted for SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `postgres://user@host:port/db (schema s)`, from the parameters the client actually uses. */
export function describeStore(client: { user?: string | undefined; host?: string; port?: number; database?: string | undefined }, schema: string): string {
  const user = client.user === undefined || client.user === '' ? '' : `${client.user}@`;
  return `postgres://${user}${client.host ?? 'localhost'}:${client.port ?? 5432}/${client.database ?? ''} (schema ${schema})`;
}
