// Status-bar text and tooltip markdown from a snapshot. Parts this machine does not have are left
// out, never shown as 0. Every word goes through `t` so the host can pass vscode.l10n.t.
import { resourceMessages as m } from './messages';
import type { GpuReading, LoadedModel, ProbeFailure, ResourceSnapshot } from './types';
import { english, type Translate } from '../shared/l10n';

// Decimal GB (10^9 B) everywhere, like Ollama and the model list: the same model must not read
// 22 GB in the panel and 20.1 GB here.
const gbBytes = 1e9;
const warnAbove = 0.9;

export interface ResourceStatus {
	/** e.g. `$(pulse) CPU 12% · RAM 9.1/32 GB · GPU 41% · VRAM 6.2/8 GB` */
	readonly text: string;
	/** RAM or any GPU's VRAM above 90%: the host shows the warning background. */
	readonly warning: boolean;
}

export function formatResourceStatus(snapshot: ResourceSnapshot, t: Translate = english): ResourceStatus {
	const parts: string[] = [];
	if (snapshot.cpu) parts.push(t(m.statusCpu, Math.round(snapshot.cpu.percent)));
	if (snapshot.memory) parts.push(t(m.statusRam, usedGb(snapshot.memory.usedBytes), totalGb(snapshot.memory.totalBytes)));
	// The busiest GPU: with two cards, an average would hide the one that is saturated.
	const utils = snapshot.gpus.flatMap((g) => (g.utilPercent !== undefined ? [g.utilPercent] : []));
	if (utils.length) parts.push(t(m.statusGpu, Math.round(Math.max(...utils))));
	// VRAM adds up across cards (Ollama splits a model over them); unified memory is RAM, not VRAM.
	const vramGpus = snapshot.gpus.filter(hasVram);
	if (vramGpus.length) {
		const used = vramGpus.reduce((n, g) => n + g.vramUsedBytes, 0);
		const total = vramGpus.reduce((n, g) => n + g.vramTotalBytes, 0);
		parts.push(t(m.statusVram, usedGb(used), totalGb(total)));
	}
	return { text: ['$(pulse)', parts.join(' · ')].filter(Boolean).join(' '), warning: warnings(snapshot, t).length > 0 };
}

export interface TooltipOptions {
	/** False when the Ollama URL is another host: local figures are then labelled "this machine". */
	readonly ollamaIsLocal: boolean;
}

export function formatResourceTooltip(snapshot: ResourceSnapshot, options: TooltipOptions, t: Translate = english): string {
	const sections: string[] = [];
	const machine: string[] = [];
	if (snapshot.cpu) machine.push(t(m.cpuLine, Math.round(snapshot.cpu.percent)));
	const mem = snapshot.memory;
	if (mem) {
		const line = t(m.ramLine, usedGb(mem.usedBytes), totalGb(mem.totalBytes), Math.round((mem.usedBytes / mem.totalBytes) * 100));
		machine.push(mem.approximate ? `${line} (${t(m.ramApproximate)})` : line);
	}
	for (const gpu of snapshot.gpus) machine.push(gpuLine(gpu, t));
	machine.push(...warnings(snapshot, t).map((w) => `$(warning) ${w}`));
	if (machine.length) {
		const heading = options.ollamaIsLocal ? [] : [`**${t(m.thisMachine)}**`];
		sections.push([...heading, ...machine].join('  \n'));
	}
	if (snapshot.ollama) sections.push(ollamaSection(snapshot.ollama.models, options.ollamaIsLocal, t));
	if (snapshot.failures.length) {
		sections.push([`**${t(m.unavailable)}**`, ...snapshot.failures.map((f) => `- ${failureLine(f, t)}`)].join('\n'));
	}
	return sections.join('\n\n');
}

function gpuLine(gpu: GpuReading, t: Translate): string {
	const name = gpu.name ? escapeMarkdown(gpu.name) : t(m.gpuUnnamed, gpu.id.split(':')[1] ?? gpu.id);
	const facts: string[] = [];
	if (gpu.utilPercent !== undefined) facts.push(t(m.gpuBusy, Math.round(gpu.utilPercent)));
	if (hasVram(gpu)) facts.push(t(m.gpuVram, usedGb(gpu.vramUsedBytes), totalGb(gpu.vramTotalBytes)));
	if (gpu.unifiedMemory) {
		facts.push(t(m.gpuUnified));
		if (gpu.gpuMemoryInUseBytes !== undefined) facts.push(t(m.gpuInUse, usedGb(gpu.gpuMemoryInUseBytes)));
	}
	if (gpu.temperatureC !== undefined) facts.push(t(m.gpuTemperature, Math.round(gpu.temperatureC)));
	return facts.length ? `${name}: ${facts.join(' · ')}` : name;
}

function ollamaSection(models: readonly LoadedModel[], local: boolean, t: Translate): string {
	const heading = `**${t(local ? m.ollamaLocal : m.ollamaRemote)}**`;
	if (models.length === 0) return `${heading}  \n${t(m.ollamaNoModels)}`;
	const lines = models.map((model) => {
		const name = escapeMarkdown(model.name);
		const size = usedGb(model.sizeBytes);
		if (model.vramBytes === undefined || model.sizeBytes <= 0) return `- ${t(m.ollamaModelNoSplit, name, size)}`;
		return `- ${t(m.ollamaModel, name, size, Math.round((model.vramBytes / model.sizeBytes) * 100))}`;
	});
	const note = models.some((x) => x.vramBytes !== undefined) ? `\n\n_${t(m.ollamaSplitNote)}_` : '';
	return `${heading}\n\n${lines.join('\n')}${note}`;
}

function failureLine(failure: ProbeFailure, t: Translate): string {
	const labels: Record<string, string> = {
		system: m.probeSystem,
		nvidia: m.probeNvidia,
		amd: m.probeAmd,
		apple: m.probeApple,
		ollama: m.probeOllama,
	};
	const label = labels[failure.probeId] ? t(labels[failure.probeId]) : escapeMarkdown(failure.probeId);
	const why = failure.timedOut ? t(m.timedOut) : escapeMarkdown(failure.message);
	if (failure.gaveUp) return t(m.failureGaveUp, label, why);
	return t(m.failureLine, label, why, Math.ceil(failure.retryInMs / 1000));
}

function warnings(snapshot: ResourceSnapshot, t: Translate): string[] {
	const out: string[] = [];
	const mem = snapshot.memory;
	// macOS's figure counts cache as used, so it would warn on every healthy Mac.
	if (mem && !mem.approximate && mem.totalBytes > 0 && mem.usedBytes / mem.totalBytes > warnAbove) out.push(t(m.ramHigh));
	for (const gpu of snapshot.gpus) {
		if (hasVram(gpu) && gpu.vramUsedBytes / gpu.vramTotalBytes > warnAbove) {
			out.push(t(m.vramHigh, gpu.name ? escapeMarkdown(gpu.name) : gpu.id));
		}
	}
	return out;
}

function hasVram(gpu: GpuReading): gpu is GpuReading & { vramUsedBytes: number; vramTotalBytes: number } {
	return !gpu.unifiedMemory && gpu.vramUsedBytes !== undefined && gpu.vramTotalBytes !== undefined && gpu.vramTotalBytes > 0;
}

/** Used amounts keep a decimal below 100 GB (9.1, 20.2) so small changes show. */
export function usedGb(bytes: number): string {
	const gb = bytes / gbBytes;
	return gb < 100 ? gb.toFixed(1) : String(Math.round(gb));
}

/** Totals read like the label on the box: 8, 24, 31; one decimal only below 10 when it matters (7.5). */
export function totalGb(bytes: number): string {
	const gb = bytes / gbBytes;
	if (gb >= 10) return String(Math.round(gb));
	const oneDecimal = gb.toFixed(1);
	return oneDecimal.endsWith('.0') ? oneDecimal.slice(0, -2) : oneDecimal;
}

/** Names come from devices and servers; keep them from turning into markdown or theme icons. */
export function escapeMarkdown(text: string): string {
	return text.replace(/[\\`*_{}[\]()#+\-!|<>~$]/g, '\\$&');
}
