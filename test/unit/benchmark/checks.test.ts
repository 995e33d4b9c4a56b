import assert from 'node:assert/strict';
import { checkOutput, stripThinking, type CheckIssueKind } from '../../../src/benchmark/checks';
import type { BenchTask } from '../../../src/benchmark/prompts';

describe('benchmark/checks: output parses the way Open WebUI uses it (unit)', () => {
	const messages = [
		{ role: 'user', content: 'My basil plant keeps wilting. What am I doing wrong?' },
		{ role: 'assistant', content: 'Probably too much water.' },
	];
	const typed = 'How often should I fertilise basil that';
	const cases: { name: string; task: BenchTask; content: string; thinking?: string; ok: boolean; issues: CheckIssueKind[]; value?: string | string[] }[] = [
		{ name: 'title JSON', task: 'title', content: '{"title": "🌿 Basil Care Tips"}', ok: true, issues: [], value: '🌿 Basil Care Tips' },
		{ name: 'title JSON in a fence with chatter', task: 'title', content: 'Sure!\n```json\n{"title": "Basil watering"}\n```', ok: true, issues: [], value: 'Basil watering' },
		{ name: 'zh-TW title', task: 'title', content: '{"title": "九層塔照顧技巧"}', ok: true, issues: [], value: '九層塔照顧技巧' },
		{ name: 'title as a plain line: Open WebUI names the chat by its first message', task: 'title', content: '"Keeping basil alive"', ok: false, issues: ['notJson'] },
		{ name: 'title JSON without a title key', task: 'title', content: '{"name": "Basil"}', ok: false, issues: ['noTitle'] },
		{ name: 'title JSON with an empty title', task: 'title', content: '{"title": ""}', ok: false, issues: ['noTitle'] },
		{ name: 'title broken JSON', task: 'title', content: '{"title": "Basil', ok: false, issues: ['notJson'] },
		{ name: 'title: several lines of prose', task: 'title', content: 'Here is a title:\nBasil care\nHope it helps', ok: false, issues: ['notJson'] },
		{ name: 'title that is the user message', task: 'title', content: '{"title": "My basil plant keeps wilting. What am I doing wrong?"}', ok: false, issues: ['echoesUser'] },
		{ name: 'title copied from the prompt\'s example', task: 'title', content: '{"title": "your concise title here"}', ok: false, issues: ['placeholder'] },
		{ name: 'title too long', task: 'title', content: `{"title": "${'word '.repeat(20).trim()}"}`, ok: false, issues: ['titleTooLong'] },
		{ name: 'title empty', task: 'title', content: '   ', ok: false, issues: ['empty'] },
		{ name: 'title only thinking (think tag), empty answer', task: 'title', content: '<think>The user asks about basil…</think>', ok: false, issues: ['thinking', 'empty'] },
		{ name: 'title fine but thinking field flagged', task: 'title', content: '{"title": "Basil"}', thinking: 'Let me think about basil', ok: true, issues: ['thinking'], value: 'Basil' },
		{ name: 'title fine after an unclosed think block', task: 'title', content: '{"title": "Basil"}<think>and then', ok: true, issues: ['thinking'], value: 'Basil' },
		{ name: 'tags object', task: 'tags', content: '{"tags": ["Gardening", "Plants", "Basil"]}', ok: true, issues: [], value: ['Gardening', 'Plants', 'Basil'] },
		{ name: 'tags copied from the prompt\'s example (SmolLM2-135M did this)', task: 'tags', content: '{"tags": ["tag1", "tag2"]}', ok: false, issues: ['placeholder'] },
		{ name: 'queries copied from the example', task: 'query', content: '{"queries": ["query one"]}', ok: false, issues: ['placeholder'] },
		{ name: 'autocomplete copied from the example', task: 'autocomplete', content: '{"text": "the continuation"}', ok: false, issues: ['placeholder'] },
		{ name: 'tags bare list: Open WebUI finds no {…} and keeps no tags', task: 'tags', content: '["Gardening", "Basil"]', ok: false, issues: ['notList'] },
		{ name: 'tags as prose', task: 'tags', content: 'Gardening, Basil', ok: false, issues: ['notList'] },
		{ name: 'tags not strings', task: 'tags', content: '{"tags": [1, 2]}', ok: false, issues: ['notList'] },
		{ name: 'tags empty list', task: 'tags', content: '{"tags": []}', ok: false, issues: ['emptyList'] },
		{ name: 'tags key missing: Open WebUI takes []', task: 'tags', content: '{"topics": ["a"]}', ok: false, issues: ['emptyList'] },
		{ name: 'queries JSON', task: 'query', content: '{"queries": ["basil overwatering signs", "basil flower buds"]}', ok: true, issues: [], value: ['basil overwatering signs', 'basil flower buds'] },
		{ name: 'query plain line (Open WebUI uses it as the query)', task: 'query', content: 'basil wilting overwatering', ok: true, issues: [], value: ['basil wilting overwatering'] },
		{ name: 'query prose over lines becomes one long query', task: 'query', content: 'Here are some:\n1. basil\n2. water', ok: false, issues: ['queryTooLong'] },
		{ name: 'query too long', task: 'query', content: `{"queries": ["${'basil '.repeat(15).trim()}"]}`, ok: false, issues: ['queryTooLong'] },
		{ name: 'queries missing', task: 'query', content: '{"query": "basil"}', ok: false, issues: ['noQueries'] },
		{ name: 'queries not strings: the raw JSON would be searched for', task: 'query', content: '{"queries": [{"q": "basil"}]}', ok: false, issues: ['notJson'] },
		{ name: 'queries with an empty string', task: 'query', content: '{"queries": ["basil", ""]}', ok: false, issues: ['noQueries'] },
		{ name: 'autocomplete JSON', task: 'autocomplete', content: '{"text": "is growing indoors?"}', ok: true, issues: [], value: 'is growing indoors?' },
		{ name: 'autocomplete plain text', task: 'autocomplete', content: 'is growing in a pot?', ok: true, issues: [], value: 'is growing in a pot?' },
		{ name: 'autocomplete JSON without text: no suggestion', task: 'autocomplete', content: '{"continuation": "x"}', ok: false, issues: ['noText'] },
		{ name: 'autocomplete: prose over several lines', task: 'autocomplete', content: 'Sure!\nis growing', ok: false, issues: ['notJson'] },
		{ name: 'autocomplete too long', task: 'autocomplete', content: 'x'.repeat(300), ok: false, issues: ['textTooLong'] },
		{ name: 'autocomplete repeating the typed text', task: 'autocomplete', content: `{"text": "${typed} grows indoors?"}`, ok: false, issues: ['repeatsInput'] },
	];
	for (const c of cases) {
		it(c.name, () => {
			const r = checkOutput(c.task, { content: c.content, thinking: c.thinking }, undefined, { messages, typed });
			assert.equal(r.ok, c.ok, JSON.stringify(r.issues));
			assert.deepEqual(
				r.issues.map((i) => i.kind),
				c.issues,
			);
			if (c.value !== undefined) assert.deepEqual(r.value, c.value);
		});
	}

	it('issue texts go through the translate function, with their arguments', () => {
		const r = checkOutput('query', { content: `{"queries": ["${'a '.repeat(13).trim()}"]}` }, (s, ...a) => `[${s}|${a.join(',')}]`);
		assert.deepEqual(
			r.issues.map((i) => i.text),
			['[search query too long ({0} words)|13]'],
		);
	});

	it('thinking is a warning, emptiness a failure', () => {
		const r = checkOutput('tags', { content: '<think>hmm</think>' });
		assert.deepEqual(
			r.issues.map((i) => [i.kind, i.severity]),
			[
				['thinking', 'warn'],
				['empty', 'fail'],
			],
		);
		assert.deepEqual(stripThinking('<thinking>a</thinking> ok'), { text: 'ok', hadThinking: true });
	});
});
