// Webview strings of the servers section, the slot labels, hosted task models and hiding the task
// model; spread into webviewStrings (a separate table keeps edits to the shared one small).
export const serverStrings = {
	servers: 'Servers and versions',
	updateAvailableBadge: 'update available',
	featuresTitle: 'What this extension can use on these versions',
	addHosted: 'Add a hosted task model…',
	addHostedHint: 'Adds an OpenAI-compatible connection to Open WebUI and sets one of its models as the External Task Model. Chat text for titles, tags and queries then goes to that service.',
	hideFromPicker: 'Hide from chat picker',
	showInPicker: 'Show in chat picker',
	hideFromPickerLabel: 'Hide {0} from the chat model picker',
	showInPickerLabel: 'Show {0} in the chat model picker',
	hiddenBadge: 'hidden from chat picker',
} as const;
