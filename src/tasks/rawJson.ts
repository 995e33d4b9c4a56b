// Lossless read-modify-write of a JSON object: the changed top-level members are spliced into the
// server's own bytes, so every untouched value goes back exactly as it came — integers above 2^53,
// a `__proto__` key, invalid UTF-8, key order and spacing included. JSON's structural characters
// are ASCII and never occur inside a multi-byte UTF-8 sequence, so scanning bytes is safe.

export interface Member {
	/** The decoded key. */
	readonly key: string;
	/** Byte offsets of the value: [start, end). */
	readonly start: number;
	readonly end: number;
}

const enum C {
	Quote = 0x22,
	Backslash = 0x5c,
	Comma = 0x2c,
	Colon = 0x3a,
	OpenBrace = 0x7b,
	CloseBrace = 0x7d,
	OpenBracket = 0x5b,
	CloseBracket = 0x5d,
}

const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/** The top-level members of a JSON object in `bytes`, or undefined when it is not one well-formed object. */
export function topLevelMembers(bytes: Uint8Array): Member[] | undefined {
	let i = 0;
	const ws = () => {
		while (i < bytes.length && isSpace(bytes[i]!)) i++;
	};
	const skipString = (): boolean => {
		i++; // opening quote
		while (i < bytes.length) {
			const b = bytes[i]!;
			if (b === C.Backslash) i += 2;
			else if (b === C.Quote) {
				i++;
				return true;
			} else i++;
		}
		return false;
	};
	const skipValue = (): boolean => {
		const b = bytes[i];
		if (b === undefined) return false;
		if (b === C.Quote) return skipString();
		if (b === C.OpenBrace || b === C.OpenBracket) {
			let depth = 0;
			while (i < bytes.length) {
				const c = bytes[i]!;
				if (c === C.Quote) {
					if (!skipString()) return false;
					continue;
				}
				if (c === C.OpenBrace || c === C.OpenBracket) depth++;
				else if (c === C.CloseBrace || c === C.CloseBracket) depth--;
				i++;
				if (depth === 0) return true;
			}
			return false;
		}
		const from = i;
		while (i < bytes.length && !isSpace(bytes[i]!) && bytes[i] !== C.Comma && bytes[i] !== C.CloseBrace && bytes[i] !== C.CloseBracket) i++;
		return i > from;
	};

	ws();
	if (bytes[i] !== C.OpenBrace) return undefined;
	i++;
	const out: Member[] = [];
	ws();
	if (bytes[i] === C.CloseBrace) {
		i++;
		ws();
		return i === bytes.length ? out : undefined;
	}
	for (;;) {
		ws();
		if (bytes[i] !== C.Quote) return undefined;
		const keyStart = i;
		if (!skipString()) return undefined;
		let key: string;
		try {
			key = JSON.parse(new TextDecoder().decode(bytes.subarray(keyStart, i))) as string;
		} catch {
			return undefined;
		}
		ws();
		if (bytes[i] !== C.Colon) return undefined;
		i++;
		ws();
		const start = i;
		if (!skipValue()) return undefined;
		out.push({ key, start, end: i });
		ws();
		if (bytes[i] === C.Comma) {
			i++;
			continue;
		}
		if (bytes[i] !== C.CloseBrace) return undefined;
		i++;
		ws();
		return i === bytes.length ? out : undefined;
	}
}

/**
 * `bytes` with the value of every top-level member named in `changes` replaced by the change's
 * JSON; everything else byte for byte. Undefined when `bytes` is not one object or a key is absent.
 */
export function spliceMembers(bytes: Uint8Array, changes: Readonly<Record<string, unknown>>): Uint8Array | undefined {
	const members = topLevelMembers(bytes);
	if (!members) return undefined;
	const keys = Object.keys(changes);
	if (keys.some((k) => !members.some((m) => m.key === k))) return undefined;
	const encoder = new TextEncoder();
	const parts: Uint8Array[] = [];
	let at = 0;
	// A duplicated key is replaced everywhere, so whichever copy the server keeps has the new value.
	for (const m of members) {
		if (!Object.prototype.hasOwnProperty.call(changes, m.key)) continue;
		parts.push(bytes.subarray(at, m.start), encoder.encode(JSON.stringify(changes[m.key])));
		at = m.end;
	}
	parts.push(bytes.subarray(at));
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let o = 0;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	return out;
}

/**
 * Why a parsed object cannot be sent back exactly (for callers without the server's bytes): the
 * paths of integers JSON.parse has rounded and of `__proto__` keys a plain copy would drop.
 */
export function lossyPaths(value: unknown, path = ''): string[] {
	if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value) ? [path || '(value)'] : [];
	if (typeof value !== 'object' || value === null) return [];
	const out: string[] = [];
	const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
	for (const [k, v] of entries) {
		const p = Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
		if (k === '__proto__' && !Array.isArray(value)) out.push(p);
		else out.push(...lossyPaths(v, p));
	}
	return out;
}
