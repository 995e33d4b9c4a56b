// Parameter counts from Ollama's `details.parameter_size` (a human string written by
// format.HumanNumber: "3.2B", "270M", "999.89M", sometimes "8x7B" from model names), with the
// exact `general.parameter_count` from /api/show as the fallback.
import type { ShowResponse } from '../clients/ollamaTypes';

const unitScale: Record<string, number> = { '': 1, K: 1e3, M: 1e6, B: 1e9, G: 1e9, T: 1e12 };
const wordScale: Record<string, string> = { THOUSAND: 'K', MILLION: 'M', BILLION: 'B', TRILLION: 'T' };

/** "3.2B" → 3.2e9; "8x7B" → 56e9 (experts × size); "" / missing / garbage → undefined. */
export function parseParameterSize(text: string | null | undefined): number | undefined {
	if (typeof text !== 'string') return undefined;
	let s = text.trim().toUpperCase().replace(/\s+/g, '');
	if (!s) return undefined;
	s = s.replace(/(THOUSAND|MILLION|BILLION|TRILLION)S?$/, (w) => wordScale[w.replace(/S$/, '')] ?? w);
	// A decimal comma ("1,5B") from a localised label; thousands separators ("137,000,000") are longer.
	if (/^\d+,\d{1,2}[KMBGT]$/.test(s)) s = s.replace(',', '.');
	else s = s.replace(/,(?=\d{3}(\D|$))/g, '');
	const m = /^(?:(\d+)[X×])?(\d+(?:\.\d+)?|\.\d+)([KMBGT]?)$/.exec(s);
	if (!m) return undefined;
	const experts = m[1] ? Number(m[1]) : 1;
	const value = Number(m[2]) * experts * unitScale[m[3]];
	if (!Number.isFinite(value) || value <= 0) return undefined;
	// A bare number is a raw count only if it is plausibly one (Ollama writes small counts raw).
	if (m[3] === '' && value < 1000) return undefined;
	return Math.round(value);
}

/** The exact count from /api/show's `model_info["general.parameter_count"]`. */
export function parameterCountFromShow(show: Pick<ShowResponse, 'model_info'> | undefined): number | undefined {
	const raw = show?.model_info?.['general.parameter_count'];
	const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
	return Number.isFinite(n) && n > 0 ? Math.round(n) : undefined;
}

export type ParameterSource = 'details' | 'show' | 'none';

export interface ResolvedParameters {
	readonly count?: number;
	readonly label?: string;
	readonly source: ParameterSource;
}

export function resolveParameters(parameterSize: string | undefined, show?: Pick<ShowResponse, 'model_info' | 'details'>): ResolvedParameters {
	const fromDetails = parseParameterSize(parameterSize);
	if (fromDetails !== undefined) return { count: fromDetails, label: formatParameters(fromDetails), source: 'details' };
	const fromShow = parameterCountFromShow(show) ?? parseParameterSize(show?.details?.parameter_size);
	if (fromShow !== undefined) return { count: fromShow, label: formatParameters(fromShow), source: 'show' };
	return { source: 'none' };
}

/** 3_212_749_888 → "3.2B"; 268_098_176 → "268M"; 999_890_000 → "1B" (never "1000M"). */
export function formatParameters(count: number): string {
	const fmt = (v: number, unit: string) => `${v >= 100 ? Math.round(v) : Number(v.toFixed(1))}${unit}`;
	if (count >= 999.5e9) return fmt(count / 1e12, 'T');
	if (count >= 999.5e6) return fmt(count / 1e9, 'B');
	if (count >= 999.5e3) return fmt(count / 1e6, 'M');
	if (count >= 1e3) return fmt(count / 1e3, 'K');
	return String(count);
}
