// Every English string the models modules pass to `t`, for the zh-TW bundle (l10n/bundle.l10n.zh-tw.json).
import { candidateMessages } from './candidates';
import { catalogMessages } from './catalog';
import { formatMessages } from './format';
import { suggestionMessages } from './suggestions';

export const modelsEnglishStrings: readonly string[] = [
	...Object.values(formatMessages),
	...Object.values(catalogMessages),
	...Object.values(candidateMessages),
	...Object.values(suggestionMessages),
];
