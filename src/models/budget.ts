// The memory budget for co-residency, from the resource sampler's snapshot. Only meaningful when
// Ollama runs on this machine: a remote Ollama's memory is not what the local probes see.
import type { GpuReading, MemoryReading } from '../resources/types';
import type { MemoryBudget } from './candidates';

export interface BudgetSource {
	readonly memory?: MemoryReading;
	readonly gpus: readonly GpuReading[];
}

export interface BudgetOptions {
	/** False when Ollama is reached on another host (or only through Open WebUI's proxy). */
	readonly ollamaIsLocal: boolean;
	/** OLLAMA_MAX_LOADED_MODELS when the user set it. */
	readonly maxLoadedModels?: number;
}

export function memoryBudgetFromResources(snapshot: BudgetSource | undefined, options: BudgetOptions): MemoryBudget | undefined {
	if (!snapshot || !options.ollamaIsLocal) return undefined;
	const freeRamBytes = snapshot.memory ? Math.max(0, snapshot.memory.totalBytes - snapshot.memory.usedBytes) : undefined;
	const gpus = snapshot.gpus;
	const discrete = gpus.filter((g) => !g.unifiedMemory);
	const measured = discrete.filter((g) => g.vramTotalBytes !== undefined && g.vramUsedBytes !== undefined);
	// Apple Silicon: the GPU works from system RAM, so RAM is the budget; Ollama counts it as one GPU.
	const unified = gpus.length > 0 && discrete.length === 0;
	const freeVramBytes = measured.length > 0 ? measured.reduce((sum, g) => sum + Math.max(0, (g.vramTotalBytes ?? 0) - (g.vramUsedBytes ?? 0)), 0) : undefined;
	// A discrete GPU without VRAM figures: RAM would be the wrong budget, so give no verdict.
	const unknownVram = discrete.length > 0 && measured.length === 0;
	return {
		gpuCount: unified ? 1 : discrete.length,
		freeVramBytes,
		freeRamBytes: unknownVram ? undefined : freeRamBytes,
		maxLoadedModels: options.maxLoadedModels,
	};
}
