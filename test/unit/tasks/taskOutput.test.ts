import assert from 'node:assert/strict';
import { openWebuiAutocomplete, openWebuiQueries, openWebuiTags, openWebuiTitle, type TitleOutcome } from '../../../src/tasks/taskOutput';

describe("tasks/taskOutput: Open WebUI 0.12.4's own parsing of task answers (unit)", () => {
	const long = `Tell me ${'very '.repeat(30)}much about basil`;
	const chat = [
		{ role: 'user', content: 'How do I keep basil alive?' },
		{ role: 'assistant', content: 'Sun and little water.' },
		{ role: 'user', content: long },
	];
	const titleCases: { name: string; content?: string; reasoning?: string; reply?: string; want: TitleOutcome }[] = [
		{ name: 'JSON object with a title', content: '{"title": "Basil care"}', want: { kind: 'generated', title: 'Basil care' } },
		{ name: 'chatter around the JSON', content: 'Sure! {"title": "Basil"} Enjoy', want: { kind: 'generated', title: 'Basil' } },
		{ name: 'empty content: the reasoning is parsed', content: '', reasoning: 'thinking… {"title": "From reasoning"}', want: { kind: 'generated', title: 'From reasoning' } },
		{ name: 'empty content and reasoning: first message', content: '', reply: 'Sun and little water.', want: { kind: 'fallback', title: 'How do I keep basil alive?', why: 'empty' } },
		{ name: 'plain line: no {…}, first message', content: 'Basil care', want: { kind: 'fallback', title: 'How do I keep basil alive?', why: 'noJson' } },
		{ name: 'only a closing brace at the end (Python slice [-1:n])', content: 'x}', want: { kind: 'fallback', title: 'How do I keep basil alive?', why: 'badJson' } },
		{ name: 'cut off by a token cap', content: '{"title": "Basil ca', want: { kind: 'fallback', title: 'How do I keep basil alive?', why: 'noJson' } },
		{ name: 'unparsable braces', content: '{title: Basil}', want: { kind: 'fallback', title: 'How do I keep basil alive?', why: 'badJson' } },
		{ name: 'a number between braces is still an object cut', content: '{"title": 5}', want: { kind: 'generated', title: '5' } },
		{ name: 'empty title', content: '{"title": ""}', want: { kind: 'fallback', title: 'How do I keep basil alive?', why: 'emptyTitle' } },
		{ name: 'no title key: the last user message, cut to 100 characters', content: '{"name": "x"}', want: { kind: 'fallback', title: `${long.slice(0, 100)}...`, why: 'noTitleKey' } },
	];
	for (const c of titleCases) {
		it(`title: ${c.name}`, () => {
			assert.deepEqual(openWebuiTitle({ content: c.content, reasoning: c.reasoning }, { messages: chat, assistantReply: c.reply }), c.want);
		});
	}

	it('tags: only an object with a list counts; a bare list has no {…}', () => {
		assert.deepEqual(openWebuiTags({ content: 'ok {"tags": ["a", "b"]}' }), { tags: ['a', 'b'] });
		assert.deepEqual(openWebuiTags({ content: '["a"]' }), { tags: undefined, why: 'noJson' });
		assert.deepEqual(openWebuiTags({ content: '{"tags": "a"}' }), { tags: undefined, why: 'notList' });
		assert.deepEqual(openWebuiTags({ content: '{"x": 1}' }), { tags: [] });
		assert.deepEqual(openWebuiTags({ content: '{bad}' }), { tags: undefined, why: 'badJson' });
	});

	it('queries: from the last { (rfind), else the whole answer is one query', () => {
		assert.deepEqual(openWebuiQueries({ content: '{"queries": ["a", "b"]}' }), { queries: ['a', 'b'], raw: false });
		assert.deepEqual(openWebuiQueries({ content: 'basil care' }), { queries: ['basil care'], raw: true });
		// the last { starts inside the list: '{"q": "x"}]}' does not parse, so the whole text is the query
		assert.deepEqual(openWebuiQueries({ content: '{"queries": [{"q": "x"}]}' }), { queries: ['{"queries": [{"q": "x"}]}'], raw: true });
		assert.deepEqual(openWebuiQueries({ content: '{"q": "x"}' }), { queries: [], raw: false });
		assert.deepEqual(openWebuiQueries({ content: '{"queries": [' }), { queries: ['{"queries": ['], raw: true });
	});

	it('autocomplete: {"text"} or "" inside braces, the raw answer without braces or when it does not parse', () => {
		assert.deepEqual(openWebuiAutocomplete({ content: '{"text": "grows"}' }), { text: 'grows', raw: false });
		assert.deepEqual(openWebuiAutocomplete({ content: '{"other": "grows"}' }), { text: '', raw: false });
		assert.deepEqual(openWebuiAutocomplete({ content: 'grows fast' }), { text: 'grows fast', raw: true });
		assert.deepEqual(openWebuiAutocomplete({ content: '{grows}' }), { text: '{grows}', raw: true });
	});
});
