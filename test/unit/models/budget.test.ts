import assert from 'node:assert/strict';
import { memoryBudgetFromResources } from '../../../src/models/budget';
import type { GpuReading } from '../../../src/resources/types';

const GB = 1e9;
const memory = { totalBytes: 32 * GB, usedBytes: 20 * GB };
const nvidia = (id: number, total?: number, used?: number): GpuReading => ({ id: `nvidia:${id}`, vendor: 'nvidia', vramTotalBytes: total, vramUsedBytes: used });

describe('models/budget from the resource snapshot (unit)', () => {
	const cases: [string, Parameters<typeof memoryBudgetFromResources>[0], boolean, ReturnType<typeof memoryBudgetFromResources>][] = [
		['CPU only: free RAM', { memory, gpus: [] }, true, { gpuCount: 0, freeVramBytes: undefined, freeRamBytes: 12 * GB, maxLoadedModels: undefined }],
		['one NVIDIA GPU: free VRAM', { memory, gpus: [nvidia(0, 8 * GB, 6.2 * GB)] }, true, { gpuCount: 1, freeVramBytes: 8 * GB - 6.2 * GB, freeRamBytes: 12 * GB, maxLoadedModels: undefined }],
		['two GPUs: summed free VRAM, 2 GPUs', { memory, gpus: [nvidia(0, 8 * GB, 6 * GB), nvidia(1, 12 * GB, 1 * GB)] }, true, { gpuCount: 2, freeVramBytes: 13 * GB, freeRamBytes: 12 * GB, maxLoadedModels: undefined }],
		['a GPU without VRAM figures: no verdict rather than a RAM guess', { memory, gpus: [nvidia(0)] }, true, { gpuCount: 1, freeVramBytes: undefined, freeRamBytes: undefined, maxLoadedModels: undefined }],
		['Apple unified memory: RAM, one GPU', { memory, gpus: [{ id: 'apple:0', vendor: 'apple', unifiedMemory: true }] }, true, { gpuCount: 1, freeVramBytes: undefined, freeRamBytes: 12 * GB, maxLoadedModels: undefined }],
		['remote Ollama: local figures say nothing', { memory, gpus: [nvidia(0, 8 * GB, 1 * GB)] }, false, undefined],
		['no snapshot yet', undefined, true, undefined],
	];
	for (const [name, snapshot, local, expected] of cases) {
		it(name, () => assert.deepEqual(memoryBudgetFromResources(snapshot, { ollamaIsLocal: local }), expected));
	}
	it('passes OLLAMA_MAX_LOADED_MODELS through', () => {
		assert.equal(memoryBudgetFromResources({ memory, gpus: [] }, { ollamaIsLocal: true, maxLoadedModels: 1 })?.maxLoadedModels, 1);
	});
});
