// Every user-visible English string of the resource readout, in one table. The formatter takes a
// `t` function so the host can pass `vscode.l10n.t`; these strings are the keys of the l10n bundle.

export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

export const resourceMessages = {
	statusCpu: 'CPU {0}%',
	statusRam: 'RAM {0}/{1} GB',
	statusGpu: 'GPU {0}%',
	statusVram: 'VRAM {0}/{1} GB',
	thisMachine: 'This machine',
	cpuLine: 'CPU: {0}%',
	ramLine: 'RAM: {0} of {1} GB used ({2}%)',
	ramApproximate: 'approximate: macOS counts cached memory as used',
	gpuUnnamed: 'GPU {0}',
	gpuBusy: '{0}% busy',
	gpuVram: 'VRAM {0} of {1} GB',
	gpuTemperature: '{0} °C',
	gpuUnified: 'unified memory (shared with RAM)',
	gpuInUse: '{0} GB in use',
	ramHigh: 'RAM above 90%',
	vramHigh: 'VRAM above 90% on {0}',
	ollamaLocal: 'Loaded in Ollama',
	ollamaRemote: 'Loaded in Ollama (on the Ollama server, not this machine)',
	ollamaModel: '{0}: {1} GB, {2}% GPU',
	ollamaModelNoSplit: '{0}: {1} GB',
	ollamaNoModels: 'No models loaded.',
	ollamaSplitNote: "GPU share is Ollama's planned split, not a measurement.",
	unavailable: 'Not available',
	failureLine: '{0}: {1} (retrying in {2} s)',
	failureGaveUp: '{0}: {1} (stopped retrying; reload the window to try again)',
	timedOut: 'timed out',
	probeSystem: 'CPU and RAM',
	probeNvidia: 'NVIDIA GPU',
	probeAmd: 'AMD GPU',
	probeApple: 'Apple GPU',
	probeOllama: 'Ollama',
} as const;

/** For the lead's l10n bundle (bundle.l10n.json keys / zh-TW translations). */
export const resourceMessageStrings: readonly string[] = Object.values(resourceMessages);

/** English fallback with vscode.l10n.t's `{0}` placeholders. */
export const englishT: Translate = (message, ...args) =>
	message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
