// Deep equality for plain snapshot data (objects, arrays, primitives). Cheaper than comparing
// JSON.stringify output: no number-to-string conversions, and it stops at the first difference.
export function plainEqual(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a)) {
		if (!Array.isArray(b) || a.length !== b.length) return false;
		for (let i = 0; i < a.length; i++) if (!plainEqual(a[i], b[i])) return false;
		return true;
	}
	if (Array.isArray(b)) return false;
	const ra = a as Record<string, unknown>;
	const rb = b as Record<string, unknown>;
	let count = 0;
	for (const key in ra) {
		if (!Object.prototype.hasOwnProperty.call(ra, key)) continue;
		count++;
		if (!Object.prototype.hasOwnProperty.call(rb, key) || !plainEqual(ra[key], rb[key])) return false;
	}
	for (const key in rb) if (Object.prototype.hasOwnProperty.call(rb, key)) count--;
	return count === 0;
}
