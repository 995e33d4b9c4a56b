import assert from 'node:assert/strict';
import type { PsModel, TagModel } from '../../../src/clients/ollamaTypes';
import { buildCatalog, type ModelRow } from '../../../src/models/catalog';
import { assessCandidates, memoryEstimate, memoryNeed, pickChatModel, type MemoryBudget } from '../../../src/models/candidates';
import { gib, tagModel } from '../../fakes/fakeOllama';

const now = Date.parse('2026-11-25T12:00:00Z');
const GB = 1e9;
const rowsOf = (tags: TagModel[], ps: PsModel[] = []): ModelRow[] => buildCatalog({ tags, ps, now });
const loaded = (name: string, size: number, vram = size): PsModel => ({ name, model: name, size, size_vram: vram, expires_at: '2026-11-25T12:05:00Z' });

describe('models/candidates: the rule (unit)', () => {
	const table: { name: string; tag: TagModel; candidate: boolean; thinking?: boolean; reasons: string[] }[] = [
		{ name: 'a 3.2B chat model', tag: tagModel('llama3.2:3b', '3.2B', 2 * GB, { capabilities: ['completion', 'tools'] }), candidate: true, reasons: ['3.2B parameters'] },
		{ name: 'exactly at the limit', tag: tagModel('x:4.5b', '4.5B', 3 * GB, { capabilities: ['completion'] }), candidate: true, reasons: ['4.5B parameters'] },
		{ name: 'over the limit', tag: tagModel('llama3.1:8b', '8.0B', 4.9 * GB, { capabilities: ['completion'] }), candidate: false, reasons: ['8B parameters — over the 4.5B limit'] },
		{
			name: 'a thinking model (warning, still a candidate)',
			tag: tagModel('qwen3:4b', '4.0B', 2.5 * GB, { capabilities: ['completion', 'thinking'] }),
			candidate: true,
			thinking: true,
			reasons: ['4B parameters', 'thinking model — may spend its token budget thinking; titles can come back empty'],
		},
		{ name: 'embedding-only', tag: tagModel('nomic-embed-text:latest', '137M', 0.27 * GB, { capabilities: ['embedding'] }), candidate: false, reasons: ['137M parameters', 'embedding-only'] },
		{ name: 'a cloud stub', tag: tagModel('gpt-oss:20b-cloud', '20.9B', 384, { capabilities: ['completion'], remote_model: 'gpt-oss:20b' }), candidate: false, reasons: ['20.9B parameters — over the 4.5B limit', 'cloud model'] },
		{ name: 'a small cloud stub', tag: tagModel('tiny:1b-cloud', '1B', 384, { capabilities: ['completion'], remote_model: 'tiny:1b' }), candidate: false, reasons: ['1B parameters', 'cloud model'] },
		{ name: 'no parameter information', tag: tagModel('mystery:latest', '', 1 * GB, { capabilities: ['completion'] }), candidate: false, reasons: ['no parameter information'] },
		{ name: 'image generation only', tag: tagModel('flux:1b', '1B', 1 * GB, { capabilities: ['image'] }), candidate: false, reasons: ['1B parameters', 'does not generate text'] },
		{ name: 'old server, name says embedding', tag: tagModel('mxbai-embed-large:latest', '334M', 0.67 * GB), candidate: false, reasons: ['334M parameters', 'embedding-only'] },
		{ name: 'old server, name says thinking', tag: tagModel('deepseek-r1:1.5b', '1.8B', 1.1 * GB), candidate: true, thinking: true, reasons: ['1.8B parameters', 'thinking model — may spend its token budget thinking; titles can come back empty'] },
		{ name: '270M', tag: tagModel('gemma3:270m', '268.10M', 0.29 * GB, { capabilities: ['completion'] }), candidate: true, reasons: ['268M parameters'] },
	];
	for (const c of table) {
		it(c.name, () => {
			const a = assessCandidates(rowsOf([c.tag]), { maxParameters: 4.5 });
			const v = a.verdicts[c.tag.name]!;
			assert.equal(v.candidate, c.candidate);
			assert.equal(v.thinking, c.thinking ?? false);
			assert.deepEqual(v.reasons.filter((r) => r.kind !== 'recommended').map((r) => r.text), c.reasons);
		});
	}

	it('honours a different maxParameters setting', () => {
		const rows = rowsOf([tagModel('llama3.2:3b', '3.2B', 2 * GB, { capabilities: ['completion'] })]);
		assert.equal(assessCandidates(rows, { maxParameters: 3 }).verdicts['llama3.2:3b']?.candidate, false);
		assert.equal(assessCandidates(rows, { maxParameters: 3 }).verdicts['llama3.2:3b']?.reasons[0]?.text, '3.2B parameters — over the 3B limit');
		assert.equal(assessCandidates(rows, { maxParameters: 3.2 }).verdicts['llama3.2:3b']?.candidate, true);
	});

	it('passes every text through the injected translate function', () => {
		const rows = rowsOf([tagModel('qwen3:4b', '4.0B', 2.5 * GB, { capabilities: ['completion', 'thinking'] })]);
		const a = assessCandidates(rows, { maxParameters: 4.5, t: (m, ...args) => `[${m}|${args.join(',')}]` });
		assert.deepEqual(a.verdicts['qwen3:4b']?.reasons.map((r) => r.text).slice(0, 1), ['[{0} parameters|4B]']);
	});
});

describe('models/candidates: co-residency maths (unit)', () => {
	const chat = tagModel('llama3.1:8b', '8.0B', 4.9 * GB, { capabilities: ['completion', 'tools'] });
	const big = tagModel('qwen2.5:14b', '14.8B', 9 * GB, { capabilities: ['completion'] });
	const small = tagModel('llama3.2:3b', '3.2B', 2 * GB, { capabilities: ['completion'] });
	const tiny = tagModel('gemma3:1b', '999.89M', 0.815 * GB, { capabilities: ['completion'] });
	const embed = tagModel('nomic-embed-text:latest', '137M', 0.27 * GB, { capabilities: ['embedding'] });
	const est = (bytes: number) => Math.round(bytes * memoryEstimate.factor + memoryEstimate.contextBytes);

	it('estimates from disk as disk × 1.2 + 512 MiB, and uses /api/ps when loaded', () => {
		const [c, s] = rowsOf([chat, small], [loaded('llama3.1:8b', 6.6 * GB)]) as [ModelRow, ModelRow];
		assert.deepEqual(memoryNeed(s), { bytes: Math.round(2 * GB * 1.2 + 512 * 1024 ** 2), source: 'estimate' });
		assert.equal(memoryNeed(s).bytes, 2_936_870_912);
		assert.deepEqual(memoryNeed(c), { bytes: 6.6 * GB, source: 'ps' });
	});

	it('chat model = largest loaded non-candidate, else the largest installed one (never embedding or cloud)', () => {
		const cloud = tagModel('deepseek-v3.1:671b-cloud', '671B', 400, { capabilities: ['completion'], remote_model: 'x' });
		assert.equal(pickChatModel(rowsOf([chat, big, small, embed, cloud]), 4.5)?.name, 'qwen2.5:14b');
		assert.equal(pickChatModel(rowsOf([chat, big, small, embed, cloud], [loaded('llama3.1:8b', 6.6 * GB), loaded('llama3.2:3b', 3 * GB)]), 4.5)?.name, 'llama3.1:8b');
		assert.equal(pickChatModel(rowsOf([small, tiny, embed]), 4.5), undefined);
		assert.equal(pickChatModel(rowsOf([chat, big]), 4.5, 'llama3.1:8b')?.name, 'llama3.1:8b');
	});

	type Case = { name: string; tags: TagModel[]; ps?: PsModel[]; budget: MemoryBudget; model: string; fits: boolean; needed: number; loadedAfter: number; text: string };
	const cases: Case[] = [
		{
			name: 'chat loaded on GPU, candidate fits in the free VRAM',
			tags: [chat, small],
			ps: [loaded('llama3.1:8b', 6.6 * GB)],
			budget: { gpuCount: 1, freeVramBytes: 3.5 * GB, freeRamBytes: 20 * GB },
			model: 'llama3.2:3b',
			fits: true,
			needed: est(2 * GB),
			loadedAfter: 2,
			text: 'fits beside llama3.1:8b',
		},
		{
			name: 'chat loaded on GPU, too little VRAM left: evicts (RAM does not count when a GPU is known)',
			tags: [chat, small],
			ps: [loaded('llama3.1:8b', 6.6 * GB)],
			budget: { gpuCount: 1, freeVramBytes: 1.4 * GB, freeRamBytes: 20 * GB },
			model: 'llama3.2:3b',
			fits: false,
			needed: est(2 * GB),
			loadedAfter: 2,
			text: 'would evict llama3.1:8b on every title — prefer a smaller model or a hosted endpoint',
		},
		{
			name: 'chat not loaded: both must fit',
			tags: [chat, tiny],
			budget: { gpuCount: 1, freeVramBytes: 7 * GB },
			model: 'gemma3:1b',
			fits: false,
			needed: est(0.815 * GB) + est(4.9 * GB),
			loadedAfter: 2,
			text: 'would evict llama3.1:8b on every title — prefer a smaller model or a hosted endpoint',
		},
		{
			name: 'chat not loaded, CPU only, plenty of RAM',
			tags: [chat, tiny],
			budget: { freeRamBytes: 16 * GB },
			model: 'gemma3:1b',
			fits: true,
			needed: est(0.815 * GB) + est(4.9 * GB),
			loadedAfter: 2,
			text: 'fits beside llama3.1:8b',
		},
		{
			name: 'both loaded already: fits whatever the free memory says',
			tags: [chat, small],
			ps: [loaded('llama3.1:8b', 6.6 * GB), loaded('llama3.2:3b', 3.1 * GB)],
			budget: { gpuCount: 1, freeVramBytes: 0.1 * GB },
			model: 'llama3.2:3b',
			fits: true,
			needed: 0,
			loadedAfter: 2,
			text: 'fits beside llama3.1:8b',
		},
		{
			name: 'memory is enough but 3 models are already loaded on one GPU',
			tags: [chat, small, tiny, embed],
			ps: [loaded('llama3.1:8b', 6.6 * GB), loaded('gemma3:1b', 1.2 * GB), loaded('nomic-embed-text:latest', 0.6 * GB)],
			budget: { gpuCount: 1, freeVramBytes: 20 * GB },
			model: 'llama3.2:3b',
			fits: false,
			needed: est(2 * GB),
			loadedAfter: 4,
			text: 'would evict llama3.1:8b on every title — prefer a smaller model or a hosted endpoint',
		},
		{
			name: 'two GPUs allow 6 loaded models',
			tags: [chat, small, tiny, embed],
			ps: [loaded('llama3.1:8b', 6.6 * GB), loaded('gemma3:1b', 1.2 * GB), loaded('nomic-embed-text:latest', 0.6 * GB)],
			budget: { gpuCount: 2, freeVramBytes: 20 * GB },
			model: 'llama3.2:3b',
			fits: true,
			needed: est(2 * GB),
			loadedAfter: 4,
			text: 'fits beside llama3.1:8b',
		},
		{
			name: 'no chat model at all, fits in RAM',
			tags: [small],
			budget: { freeRamBytes: 8 * GB },
			model: 'llama3.2:3b',
			fits: true,
			needed: est(2 * GB),
			loadedAfter: 1,
			text: 'fits in free memory',
		},
		{
			name: 'no chat model, too big for RAM',
			tags: [small],
			budget: { freeRamBytes: 2 * GB },
			model: 'llama3.2:3b',
			fits: false,
			needed: est(2 * GB),
			loadedAfter: 1,
			text: 'needs about 2.9 GB but only 2.0 GB is free',
		},
	];
	for (const c of cases) {
		it(c.name, () => {
			const a = assessCandidates(rowsOf(c.tags, c.ps), { maxParameters: 4.5, budget: c.budget });
			const v = a.verdicts[c.model]!;
			assert.equal(v.coResidency?.fits, c.fits);
			assert.equal(v.coResidency?.neededBytes, c.needed);
			assert.equal(v.coResidency?.loadedAfter, c.loadedAfter);
			assert.ok(v.reasons.some((r) => r.text === c.text), `reasons: ${v.reasons.map((r) => r.text).join(' | ')}`);
		});
	}

	it('a forced small chat model is not judged against itself', () => {
		const a = assessCandidates(rowsOf([small, tiny]), { maxParameters: 4.5, chatModel: 'llama3.2:3b', budget: { freeRamBytes: 1.5 * GB } });
		assert.equal(a.chatModel?.name, 'llama3.2:3b');
		assert.equal(a.verdicts['llama3.2:3b']?.coResidency, undefined);
		assert.equal(a.verdicts['gemma3:1b']?.coResidency?.neededBytes, est(0.815 * GB) + est(2 * GB));
		assert.equal(a.verdicts['gemma3:1b']?.coResidency?.fits, false);
	});

	it('says nothing about fitting when no memory figure is known', () => {
		const a = assessCandidates(rowsOf([chat, small]), { maxParameters: 4.5 });
		assert.equal(a.verdicts['llama3.2:3b']?.coResidency, undefined);
		assert.deepEqual(a.verdicts['llama3.2:3b']?.reasons.map((r) => r.kind), ['parameters', 'recommended']);
		assert.equal(a.verdicts['llama3.1:8b']?.coResidency, undefined, 'non-candidates get no verdict');
	});
});

describe('models/candidates: the recommendation (unit)', () => {
	const chat = tagModel('llama3.1:8b', '8.0B', 4.9 * gib, { capabilities: ['completion'] });
	const qwen3 = tagModel('qwen3:4b', '4.0B', 2.5 * GB, { capabilities: ['completion', 'thinking'] });
	const l3 = tagModel('llama3.2:3b', '3.2B', 2 * GB, { capabilities: ['completion'] });
	const q15 = tagModel('qwen2.5:1.5b', '1.5B', 0.99 * GB, { capabilities: ['completion'] });
	const phi = tagModel('phi3:mini', '3.8B', 2.2 * GB, { capabilities: ['completion'] });
	const pick = (tags: TagModel[], budget?: MemoryBudget) => assessCandidates(rowsOf(tags), { maxParameters: 4.5, budget });

	it('picks the non-thinking candidate closest to 3B from below', () => {
		const a = pick([chat, qwen3, l3, q15, phi]);
		assert.equal(a.recommended, 'llama3.2:3b');
		assert.equal(a.verdicts['llama3.2:3b']?.recommended, true);
		assert.equal(a.verdicts['qwen2.5:1.5b']?.recommended, false);
		assert.equal(a.verdicts['llama3.2:3b']?.reasons.at(-1)?.text, 'recommended: no thinking, closest to 3B');
	});
	it('skips candidates that would evict the chat model', () => {
		const a = pick([chat, l3, q15], { freeRamBytes: est(4.9 * gib) + est(0.99 * GB) + 1 });
		assert.equal(a.recommended, 'qwen2.5:1.5b');
		assert.equal(a.verdicts['qwen2.5:1.5b']?.reasons.at(-1)?.text, 'recommended: no thinking, closest to 3B, fits beside llama3.1:8b');
	});
	it('falls back to the smallest above 3.5B, and to nothing when only thinking models are left', () => {
		assert.equal(pick([chat, phi, qwen3]).recommended, 'phi3:mini');
		assert.equal(pick([chat, qwen3]).recommended, undefined);
		assert.equal(pick([]).recommended, undefined);
	});
	function est(bytes: number) {
		return Math.round(bytes * memoryEstimate.factor + memoryEstimate.contextBytes);
	}
});
