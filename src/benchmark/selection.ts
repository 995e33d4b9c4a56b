// The default benchmark line-up: the top candidates (the recommended one first) and the chat model
// as the baseline the speed-ups are measured against.
import type { CandidateAssessment, CandidateVerdict } from '../models/candidates';
import type { BenchmarkModel } from './runner';

/** Recommended first, then non-thinking, then those that fit beside the chat model, then larger (closer to 3B). */
function score(a: CandidateVerdict, b: CandidateVerdict): number {
	const fits = (v: CandidateVerdict) => v.coResidency?.fits ?? true;
	return (
		Number(b.recommended) - Number(a.recommended) ||
		Number(a.thinking) - Number(b.thinking) ||
		Number(fits(b)) - Number(fits(a)) ||
		b.memory.bytes - a.memory.bytes ||
		a.name.localeCompare(b.name)
	);
}

export function defaultSelection(assessment: CandidateAssessment, opts: { count?: number } = {}): BenchmarkModel[] {
	const chat = assessment.chatModel?.name;
	const picks = Object.values(assessment.verdicts)
		.filter((v) => v.candidate && v.name !== chat)
		.sort(score)
		.slice(0, opts.count ?? 3)
		.map((v): BenchmarkModel => ({ name: v.name, thinking: v.thinking }));
	if (chat) picks.push({ name: chat, thinking: Boolean(assessment.verdicts[chat]?.thinking), baseline: true });
	return picks;
}
