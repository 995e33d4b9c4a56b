// Reads the `taskModelTuner.*` settings into a plain object; the rest of the code never calls
// getConfiguration. Values are clamped here so a typo cannot make the sampler spin.
import * as vscode from 'vscode';
import { settingKeys, settingsSection } from './shared/ids';
import type { OllamaVia } from './connection/probe';
import { defaultThresholds, normalizeThresholds, type Thresholds } from './resources/thresholds';

export interface Settings {
	readonly ollamaUrl: string;
	readonly ollamaVia: OllamaVia;
	readonly openWebuiUrl: string;
	readonly candidatesMaxParameters: number;
	readonly suggestedModels: readonly string[];
	readonly statusBarEnabled: boolean;
	readonly statusBarIntervalMs: number;
	readonly statusBarThresholds: Thresholds;
	readonly requestTimeoutMs: number;
	/** A pull whose stream sends nothing for this long fails (the partial download stays). */
	readonly pullIdleTimeoutMs: number;
}

export const defaults: Settings = {
	ollamaUrl: 'http://127.0.0.1:11434',
	ollamaVia: 'auto',
	openWebuiUrl: 'http://localhost:3000',
	candidatesMaxParameters: 4.5,
	suggestedModels: ['llama3.2:3b', 'qwen2.5:3b', 'gemma3:1b', 'qwen2.5:1.5b', 'llama3.2:1b'],
	statusBarEnabled: true,
	statusBarIntervalMs: 2000,
	statusBarThresholds: defaultThresholds,
	requestTimeoutMs: 10000,
	pullIdleTimeoutMs: 60000,
};

const clamp = (n: unknown, min: number, max: number, fallback: number) => (typeof n === 'number' && Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback);

export function readSettings(): Settings {
	const c = vscode.workspace.getConfiguration(settingsSection);
	const via = c.get<string>(settingKeys.ollamaVia);
	return {
		ollamaUrl: (c.get<string>(settingKeys.ollamaUrl) || defaults.ollamaUrl).trim(),
		ollamaVia: via === 'direct' || via === 'openWebui' ? via : 'auto',
		openWebuiUrl: (c.get<string>(settingKeys.openWebuiUrl) || defaults.openWebuiUrl).trim(),
		candidatesMaxParameters: clamp(c.get(settingKeys.candidatesMaxParameters), 0.1, 1000, defaults.candidatesMaxParameters),
		suggestedModels: (c.get<string[]>(settingKeys.suggestedModels) ?? defaults.suggestedModels).filter((s) => typeof s === 'string' && s.trim()),
		statusBarEnabled: c.get<boolean>(settingKeys.statusBarEnabled) ?? true,
		statusBarIntervalMs: clamp(c.get(settingKeys.statusBarIntervalMs), 500, 60000, defaults.statusBarIntervalMs),
		statusBarThresholds: normalizeThresholds(c.get(settingKeys.statusBarWarningPercent), c.get(settingKeys.statusBarErrorPercent)),
		requestTimeoutMs: clamp(c.get(settingKeys.requestTimeoutMs), 500, 600000, defaults.requestTimeoutMs),
		pullIdleTimeoutMs: clamp(c.get(settingKeys.pullIdleTimeoutSeconds), 5, 3600, defaults.pullIdleTimeoutMs / 1000) * 1000,
	};
}

export function affects(e: vscode.ConfigurationChangeEvent, ...keys: string[]): boolean {
	return keys.some((k) => e.affectsConfiguration(`${settingsSection}.${k}`));
}

export async function writeSetting(key: string, value: unknown): Promise<void> {
	await vscode.workspace.getConfiguration(settingsSection).update(key, value, vscode.ConfigurationTarget.Global);
}
