import assert from 'node:assert/strict';
import { slotLabel } from '../../../src/tasks/slotLabels';

describe('tasks/slotLabels (unit)', () => {
	it('an empty slot follows the chat model', () => assert.deepEqual(slotLabel(''), { kind: 'follows', text: 'follows the chat model' }));
	it('undefined follows too', () => assert.equal(slotLabel(undefined).kind, 'follows'));
	it('an id pins the slot', () => assert.deepEqual(slotLabel('hosted.tiny'), { kind: 'pinned', text: 'pinned to hosted.tiny' }));
	it('goes through the translator', () => assert.equal(slotLabel('x', (m, ...a) => `[${m}|${a.join(',')}]`).text, '[pinned to {0}|x]'));
});
