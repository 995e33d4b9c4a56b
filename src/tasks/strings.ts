// Every English string the task modules pass through `t`, for the lead's l10n bundles (zh-TW).
import { automationMessages, automationStrings, fieldLabelStrings } from './automations';
import { envMessages } from './envExport';
import { historyMessages } from './history';
import { profileMessages } from './profiles';
import { slotMessages } from './slots';
import { slotLabelMessages } from './slotLabels';
import { taskConfigMessages } from './taskConfig';
import { taskParamsMessages } from './taskParams';
import { titleDoctorMessages } from './titleDoctor';
import { usageMessages } from './usageCheck';

export const taskStrings: readonly string[] = [
	...new Set([
		...Object.values(automationStrings),
		...Object.values(fieldLabelStrings),
		...Object.values(automationMessages),
		...Object.values(slotMessages),
		...Object.values(slotLabelMessages),
		...Object.values(taskConfigMessages),
		...Object.values(historyMessages),
		...Object.values(profileMessages),
		...Object.values(envMessages),
		...Object.values(usageMessages),
		...Object.values(taskParamsMessages),
		...Object.values(titleDoctorMessages),
	]),
];
