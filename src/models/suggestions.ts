// Light models offered first when pulling: the `suggestedModels` setting, not-yet-installed first,
// each with a typical download size so the user knows what they are about to fetch.
import { canonicalName } from './catalog';
import { formatBytes } from './format';
import { english, type Translate } from '../shared/l10n';

export const suggestionMessages = {
	download: '{0} download',
	installed: 'installed',
} as const;

export const defaultSuggestedModels: readonly string[] = ['llama3.2:3b', 'qwen2.5:3b', 'gemma3:1b', 'qwen2.5:1.5b', 'llama3.2:1b'];

/**
 * Typical download sizes (bytes, default Q4_K_M / Q4 tags) as ollama.com lists them, 2026-11.
 * Only a hint beside the name: the real total arrives with the pull's first layer lines.
 */
export const knownDownloadSizes: Readonly<Record<string, number>> = {
	'llama3.2:3b': 2.0e9,
	'llama3.2:1b': 1.3e9,
	'qwen2.5:3b': 1.9e9,
	'qwen2.5:1.5b': 986e6,
	'qwen2.5:0.5b': 398e6,
	'gemma3:1b': 815e6,
	'gemma3:4b': 3.3e9,
	'gemma3:270m': 292e6,
	'qwen3:4b': 2.5e9,
	'qwen3:1.7b': 1.4e9,
	'qwen3:0.6b': 523e6,
	'phi3:mini': 2.2e9,
	'phi4-mini:latest': 2.5e9,
	'smollm2:1.7b': 1.8e9,
	'granite3.3:2b': 1.5e9,
};

export interface Suggestion {
	readonly name: string;
	readonly installed: boolean;
	readonly downloadBytes?: number;
	/** "2.0 GB download", "installed", or undefined when the size is not known. */
	readonly detail?: string;
}

export function typicalDownloadBytes(name: string): number | undefined {
	return knownDownloadSizes[canonicalName(name)] ?? knownDownloadSizes[name.trim()];
}

/** The suggestions for the pull quick pick: missing ones first (setting order kept), then installed. */
export function buildSuggestions(suggested: readonly string[] | undefined, installed: readonly string[], t: Translate = english): Suggestion[] {
	const have = new Set(installed.map(canonicalName));
	const seen = new Set<string>();
	const list: Suggestion[] = [];
	for (const raw of suggested ?? defaultSuggestedModels) {
		if (typeof raw !== 'string' || !checkModelName(raw)) continue;
		const name = raw.trim();
		const key = canonicalName(name);
		if (seen.has(key)) continue;
		seen.add(key);
		const bytes = typicalDownloadBytes(name);
		const isInstalled = have.has(key);
		const detail = isInstalled ? t(suggestionMessages.installed) : bytes !== undefined ? t(suggestionMessages.download, formatBytes(bytes)) : undefined;
		list.push({ name, installed: isInstalled, downloadBytes: bytes, detail });
	}
	return [...list.filter((s) => !s.installed), ...list.filter((s) => s.installed)];
}

/**
 * A loose check of what Ollama accepts ([host/][namespace/]model[:tag], letters, digits, `._-`),
 * so an obvious typo is caught before a request. Returns the trimmed name, or undefined.
 */
export function checkModelName(name: string): string | undefined {
	const n = name.trim();
	if (!n || n.length > 350) return undefined;
	const [path, tag, ...rest] = n.split(':');
	if (rest.length > 0 && !/^\d+$/.test(tag ?? '')) {
		// Only a host port ("host:5000/ns/model:tag") may add a second colon.
		return /^[\w.-]+:\d+\/[\w./-]+(:[\w][\w.-]{0,127})?$/.test(n) ? n : undefined;
	}
	if (!/^[\w][\w.-]*(\/[\w][\w.-]*){0,3}$/.test(path ?? '')) return undefined;
	if (tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
	return n;
}
