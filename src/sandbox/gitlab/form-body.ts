/**
 * `application/x-www-form-urlencoded` bodies as Rack reads them (GitLab is a Rails app): `a[b]=1`
 * nests a hash, `a[]=1` appends to a list, and `a[][k]=…` appends hashes — a new one whenever `k`
 * is already set in the last (forges.md §2.8: `actions[][action]=…` works like the JSON body).
 */
type Nested = Record<string, unknown>;

function isNested(value: unknown): value is Nested {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function assign(target: Nested, name: string, value: string): void {
  const open = name.indexOf('[');
  const key = open <= 0 ? name : name.slice(0, open);
  const rest = open <= 0 ? '' : name.slice(open);
  if (rest === '') {
    target[key] = value;
    return;
  }
  if (rest === '[]') {
    const list = Array.isArray(target[key]) ? target[key] : [];
    list.push(value);
    target[key] = list;
    return;
  }
  const listOfHashes = /^\[\]\[([^\]]+)\](.*)$/.exec(rest);
  if (listOfHashes) {
    const childName = `${listOfHashes[1]}${listOfHashes[2]}`;
    const childKey = listOfHashes[1] ?? '';
    const list = Array.isArray(target[key]) ? target[key] : [];
    const last = list.at(-1);
    if (isNested(last) && !(childKey in last)) {
      assign(last, childName, value);
    } else {
      const fresh: Nested = {};
      assign(fresh, childName, value);
      list.push(fresh);
    }
    target[key] = list;
    return;
  }
  const child = /^\[([^\]]*)\](.*)$/.exec(rest);
  if (!child) {
    target[name] = value;
    return;
  }
  const nested = isNested(target[key]) ? target[key] : {};
  assign(nested, `${child[1] ?? ''}${child[2] ?? ''}`, value);
  target[key] = nested;
}

export function parseFormBody(text: string): Nested {
  const result: Nested = {};
  for (const [name, value] of new URLSearchParams(text)) assign(result, name, value);
  return result;
}
