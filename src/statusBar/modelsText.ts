// Text of the models status item, pure so it is table-tested.
import type { ConnectionSnapshot } from '../connection/connectionService';
import type { Translate } from '../util/l10n';

export interface ModelsItemText {
	readonly text: string;
	readonly tooltip: string;
	readonly ariaLabel: string;
	readonly warning: boolean;
}

export function renderModelsItem(s: ConnectionSnapshot, t: Translate): ModelsItemText {
	const o = s.ollama;
	const w = s.openWebui;
	const lines = [`**${t('Task Model Tuner')}**`, '', `$(server) ${escapeMd(o.kind === 'checking' ? t('Ollama: checking…') : o.message)}`, '', `$(globe) ${escapeMd(w.kind === 'checking' ? t('Open WebUI: checking…') : w.message)}`];
	const tooltip = lines.join('\n');
	switch (o.kind) {
		case 'checking':
			return { text: `$(loading~spin) ${t('Ollama')}`, tooltip, ariaLabel: t('Task Model Tuner: checking Ollama'), warning: false };
		case 'connected': {
			const via = o.via === 'openWebui' ? ` ${t('(via Open WebUI)')}` : '';
			return { text: `$(hubot) ${t('Ollama {0}', o.version)}${via}`, tooltip, ariaLabel: t('Ollama {0} connected', o.version), warning: false };
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
