import assert from 'node:assert/strict';
import { benchTasks, flattenMessages, renderTemplate, sampleConversation, taskPrompts } from '../../../src/benchmark/prompts';

describe('benchmark/prompts: the task prompts and Open WebUI placeholders (unit)', () => {
	const now = new Date('2026-11-25T17:04:05Z');
	const msgs = [
		{ role: 'user', content: 'one' },
		{ role: 'assistant', content: 'two' },
		{ role: 'user', content: 'three' },
		{ role: 'assistant', content: 'four' },
	] as const;
	const cases: { template: string; want: string; prompt?: string }[] = [
		{ template: '{{MESSAGES}}', want: 'USER: one\nASSISTANT: two\nUSER: three\nASSISTANT: four' },
		{ template: '{{MESSAGES:END:2}}', want: 'USER: three\nASSISTANT: four' },
		{ template: '{{MESSAGES:START:1}}', want: 'USER: one' },
		{ template: '{{MESSAGES:MIDDLETRUNCATE:2}}', want: 'USER: one\nASSISTANT: four' },
		{ template: '{{MESSAGES:END:9}}', want: 'USER: one\nASSISTANT: two\nUSER: three\nASSISTANT: four' },
		{ template: 'Q: {{prompt}} / {{PROMPT}}', want: 'Q: abcdefghij / abcdefghij', prompt: 'abcdefghij' },
		{ template: '{{prompt:start:3}}|{{prompt:end:3}}|{{prompt:middletruncate:4}}', want: 'abc|hij|ab...ij', prompt: 'abcdefghij' },
		{ template: '{{CURRENT_DATE}} {{CURRENT_TIME}} {{CURRENT_WEEKDAY}} {{USER_NAME}}', want: '2026-11-25 17:04:05 Wednesday User' },
		{ template: '{{UNKNOWN}} stays', want: '{{UNKNOWN}} stays' },
	];
	for (const c of cases) {
		it(`renders ${c.template}`, () => {
			assert.equal(renderTemplate(c.template, { messages: msgs, prompt: c.prompt ?? '', now }), c.want);
		});
	}

	it('without server templates: four built-in prompts on the sample conversation, JSON answer shapes', () => {
		const p = taskPrompts(undefined, { now });
		assert.deepEqual(
			p.map((x) => [x.task, x.source]),
			benchTasks.map((t) => [t, 'builtin']),
		);
		const by = Object.fromEntries(p.map((x) => [x.task, x.content]));
		assert.match(by.title!, /\{"title": /);
		assert.match(by.tags!, /\{"tags": \[/);
		assert.match(by.query!, /\{"queries": \[/);
		assert.match(by.query!, /Today is 2026-11-25/);
		assert.match(by.autocomplete!, /\{"text": /);
		assert.match(by.autocomplete!, /Text being typed: How often should I fertilise basil that$/);
		// the title sees the last two messages, not the first
		assert.ok(by.title!.includes(flattenMessages(sampleConversation.slice(-2))));
		assert.ok(!by.title!.includes(sampleConversation[0]!.content));
		assert.ok(!p.some((x) => /\{\{/.test(x.content)), 'no placeholder left');
	});

	it('non-empty server templates win; "" and whitespace mean the built-in prompt', () => {
		const p = taskPrompts({ TITLE_GENERATION_PROMPT_TEMPLATE: 'Title for:\n{{MESSAGES:END:1}}', TAGS_GENERATION_PROMPT_TEMPLATE: '', QUERY_GENERATION_PROMPT_TEMPLATE: '  ', TASK_MODEL: 'x' }, { now });
		assert.deepEqual(
			p.map((x) => x.source),
			['server', 'builtin', 'builtin', 'builtin'],
		);
		assert.equal(p[0]!.content, `Title for:\nASSISTANT: ${sampleConversation.at(-1)!.content}`);
	});

	it('can run a subset of the tasks', () => {
		assert.deepEqual(
			taskPrompts(undefined, { tasks: ['tags', 'title'] }).map((x) => x.task),
			['tags', 'title'],
		);
	});
});
