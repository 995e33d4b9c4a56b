// Open WebUI version comparisons ("0.6.11", "v0.12.4", "0.6.5-dev" …). Unparseable → undefined, so
// callers fall back to what the data itself says.

export function parseVersion(v: string | undefined): [number, number, number] | undefined {
	const m = /^\s*v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v ?? '');
	return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** Negative, zero or positive like a sort comparator; undefined when either side is unparseable. */
export function compareVersions(a: string | undefined, b: string | undefined): number | undefined {
	const pa = parseVersion(a);
	const pb = parseVersion(b);
	if (!pa || !pb) return undefined;
	for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
	return 0;
}

/** True / false, or undefined when the version is unknown. */
export function atLeast(version: string | undefined, min: string): boolean | undefined {
	const c = compareVersions(version, min);
	return c === undefined ? undefined : c >= 0;
}

/** The first release with `/api/v1/tasks/config` (docs/task-config.md "Fields by release"). */
export const minTaskConfigVersion = '0.5.0';
/** From this release the task-model slot follows `connection_type`, before it `owned_by`. */
export const connectionTypeRuleVersion = '0.6.11';
