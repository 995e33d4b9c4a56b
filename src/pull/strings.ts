// Every English string the pull modules pass to `t`, for the zh-TW bundle (l10n/bundle.l10n.zh-tw.json).
import { progressMessages } from './progress';
import { pullMessages } from './pullErrors';

export const pullEnglishStrings: readonly string[] = [...Object.values(progressMessages), ...Object.values(pullMessages)];
