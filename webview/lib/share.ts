// Structural sharing for host snapshots: each snapshot is a whole new ViewState, so without this
// every model row would be a new object and Svelte would update all 500 rows when one changed.
// shareEqual(prev, next) returns `next` with every part that equals the same part of `prev`
// replaced by prev's object (rows are matched by `name`, so an inserted row does not shift the rest):
// a keyed list then touches only the rows that really changed.

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

export function shareEqual<T>(prev: unknown, next: T): T {
	if (prev === next || !isObj(prev) || !isObj(next)) return next;
	if (Array.isArray(next)) return (Array.isArray(prev) ? shareArray(prev, next) : next) as T;
	if (Array.isArray(prev)) return next;
	const keys = Object.keys(next);
	let same = keys.length === Object.keys(prev).length;
	const out: Obj = {};
	for (const k of keys) {
		const v = shareEqual(prev[k], (next as Obj)[k]);
		if (v !== prev[k] || !(k in prev)) same = false;
		out[k] = v;
	}
	return (same ? prev : out) as T;
}

function shareArray(prev: readonly unknown[], next: readonly unknown[]): unknown[] {
	// Rows and the like carry a name: match on it. Anything else: match by position.
	const byName = new Map<unknown, unknown>();
	for (const p of prev) if (isObj(p) && typeof p.name === 'string' && !byName.has(p.name)) byName.set(p.name, p);
	let same = prev.length === next.length;
	const out = next.map((v, i) => {
		const match = isObj(v) && typeof v.name === 'string' && byName.has(v.name) ? byName.get(v.name) : prev[i];
		const s = shareEqual(match, v);
		if (s !== prev[i]) same = false;
		return s;
	});
	return same ? (prev as unknown[]) : out;
}
