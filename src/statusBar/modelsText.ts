// Text of the models status item, pure so it is table-tested.
import type { ConnectionSnapshot } from '../connection/connectionService';
import type { Translate } from '../shared/l10n';

export interface ModelsItemText {
	readonly text: string;
	readonly tooltip: string;
	readonly ariaLabel: string;
	readonly warning: boolean;
}

export interface ModelsItemInput {
	readonly connection: ConnectionSnapshot;
	/** Models Ollama has in memory, when the list is known. */
	readonly loaded?: readonly { readonly name: string; readonly memoryLabel: string; readonly processorLabel: string; readonly unloadsInLabel?: string }[];
	/** Open WebUI's task model for the slot that matters, when known ("" = the chat model does the work). */
	readonly taskModel?: string;
}

export function renderModelsItem(input: ModelsItemInput, t: Translate): ModelsItemText {
	const o = input.connection.ollama;
	const w = input.connection.openWebui;
	const lines = [`**${t('Task Model Tuner')}**`, '', `$(server) ${escapeMd(o.kind === 'checking' ? t('Ollama: checking…') : o.message)}`, '', `$(globe) ${escapeMd(w.kind === 'checking' ? t('Open WebUI: checking…') : w.message)}`];
	if (input.loaded?.length) {
		lines.push('', `**${t('In memory')}** (${t("GPU share is Ollama's planned split")})`, '');
		for (const m of input.loaded) lines.push(`- ${escapeMd(m.name)}: ${m.memoryLabel}, ${m.processorLabel}${m.unloadsInLabel ? `, ${t('unloads in {0}', m.unloadsInLabel)}` : ''}`);
	}
	if (input.taskModel !== undefined) lines.push('', `${t('Task model')}: ${escapeMd(input.taskModel || t('the chat model (no task model)'))}`);
	const tooltip = lines.join('\n');
	const task = input.taskModel ? ` · ${t('task: {0}', input.taskModel)}` : '';
	switch (o.kind) {
		case 'checking':
			return { text: `$(loading~spin) ${t('Ollama')}`, tooltip, ariaLabel: t('Task Model Tuner: checking Ollama'), warning: false };
		case 'connected': {
			const via = o.via === 'openWebui' ? ` ${t('(via Open WebUI)')}` : '';
			if (input.loaded) {
				const n = input.loaded.length;
				const text = `$(hubot) ${n === 1 ? t('1 loaded') : t('{0} loaded', n)}${task}${via}`;
				return { text, tooltip, ariaLabel: t('Ollama {0}: {1} models loaded', o.version, n), warning: false };
			}
			return { text: `$(hubot) ${t('Ollama {0}', o.version)}${task}${via}`, tooltip, ariaLabel: t('Ollama {0} connected', o.version), warning: false };
		}
		case 'unreachable':
		case 'error':
			return { text: `$(warning) ${t('Ollama offline')}`, tooltip, ariaLabel: t('Ollama not reachable at {0}', o.url), warning: true };
	}
}

/** Server text goes into a MarkdownString: neutralise markdown and command links. */
export function escapeMd(s: string): string {
	return s.replace(/[\\`*_{}[\]()#+!|<>]/g, (c) => `\\${c}`);
}
