import assert from 'node:assert/strict';
import type { CandidateAssessment } from '../../../src/models/candidates';
import { fitWarning } from '../../../src/models/fitCheck';

const G = 1e9;
const assessment = (loaded: boolean, bytes = 6 * G): CandidateAssessment => ({ verdicts: {}, chatModel: { name: 'llama3.1:8b', loaded, memory: { bytes, source: loaded ? 'ps' : 'estimate' } } });

describe('models/fitCheck (unit)', () => {
	it('warns when the model plus the (not loaded) chat model exceed free VRAM', () => {
		const w = fitWarning({ model: 'qwen2.5:3b', diskBytes: 2 * G, assessment: assessment(false), budget: { gpuCount: 1, freeVramBytes: 7 * G } });
		assert.ok(w);
		// 2 GB × 1.2 + 512 MiB ≈ 2.94 GB, + 6 GB chat = 8.94 GB > 7 GB.
		assert.ok(w.neededBytes > 8.9 * G && w.neededBytes < 9 * G, String(w.neededBytes));
		assert.match(w.message, /qwen2\.5:3b would not fit beside llama3\.1:8b: .* of VRAM is free, so Ollama would unload llama3\.1:8b/);
	});

	it('a loaded chat model already left free memory: only the new model must fit', () => {
		assert.equal(fitWarning({ model: 'qwen2.5:3b', diskBytes: 2 * G, assessment: assessment(true), budget: { gpuCount: 1, freeVramBytes: 3 * G } }), undefined);
		assert.ok(fitWarning({ model: 'qwen2.5:3b', diskBytes: 2 * G, assessment: assessment(true), budget: { gpuCount: 1, freeVramBytes: 2 * G } }));
	});

	it('uses RAM on a CPU-only machine and says so', () => {
		const w = fitWarning({ model: 'm', diskBytes: 4 * G, budget: { gpuCount: 0, freeRamBytes: 1 * G } });
		assert.match(w!.message, /m would not fit: about .* but only .* of RAM is free/);
	});

	it('gives no verdict without a budget, a size, or for a model already in memory', () => {
		assert.equal(fitWarning({ model: 'm', diskBytes: 4 * G }), undefined);
		assert.equal(fitWarning({ model: 'm', budget: { freeRamBytes: 1 } }), undefined);
		assert.equal(fitWarning({ model: 'm', diskBytes: 4 * G, loadedBytes: 5 * G, budget: { freeRamBytes: 1 } }), undefined);
	});

	it('the chat model does not need to fit beside itself', () => {
		assert.match(fitWarning({ model: 'llama3.1:8b', diskBytes: 5 * G, assessment: assessment(false), budget: { freeRamBytes: 1 * G } })!.message, /^llama3\.1:8b would not fit: /);
	});
});
