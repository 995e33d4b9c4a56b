// The built-in sample conversations every task runs on: different topics and languages (English,
// Traditional Chinese, Spanish, German, and a code question), short enough to keep a CPU run
// quick. They are model input, not UI text, so they are not translated.

export interface SampleMessage {
	readonly role: 'user' | 'assistant';
	readonly content: string;
}

export interface SampleChat {
	readonly id: string;
	/** BCP 47 language of the chat. */
	readonly language: string;
	readonly messages: readonly SampleMessage[];
	/** What the user is typing when autocomplete runs. */
	readonly typing: string;
}

export const sampleChats: readonly SampleChat[] = [
	{
		id: 'basil',
		language: 'en',
		messages: [
			{ role: 'user', content: 'My basil plant on the kitchen windowsill keeps wilting even though I water it every day. What am I doing wrong?' },
			{
				role: 'assistant',
				content:
					'Daily watering is probably too much: basil roots rot in soggy soil, and rotting roots wilt just like dry ones. Water only when the top 2 cm of soil are dry, make sure the pot drains, and give it at least six hours of sun.',
			},
			{ role: 'user', content: 'Should I also cut off the flowers that are starting to appear?' },
			{ role: 'assistant', content: 'Yes. Pinch the flower buds off as soon as you see them; flowering makes the leaves smaller and more bitter.' },
		],
		typing: 'How often should I fertilise basil that',
	},
	{
		id: 'taipei-mrt',
		language: 'zh-TW',
		messages: [
			{ role: 'user', content: '我下週第一次去台北，從桃園機場到台北車站最方便的交通方式是什麼？' },
			{ role: 'assistant', content: '最方便的是搭桃園機場捷運直達車，大約 35 分鐘到台北車站，票價 150 元，可以用悠遊卡或信用卡感應進站。' },
			{ role: 'user', content: '悠遊卡要在哪裡買？可以在機場買嗎？' },
			{ role: 'assistant', content: '可以。機場捷運站的服務台和入境大廳的便利商店都有賣，買好後再加值就能搭捷運和公車。' },
		],
		typing: '那從台北車站到九份要怎麼',
	},
	{
		id: 'paella',
		language: 'es',
		messages: [
			{ role: 'user', content: '¿Qué arroz es mejor para hacer una paella valenciana y cuánto caldo necesito?' },
			{ role: 'assistant', content: 'Usa arroz bomba o senia. Para 400 g de arroz calcula unos 1,2 litros de caldo caliente, y no remuevas el arroz una vez repartido en la paellera.' },
		],
		typing: '¿Y cuánto tiempo tiene que reposar la paella antes de',
	},
	{
		id: 'python-sort',
		language: 'en',
		messages: [
			{ role: 'user', content: 'In Python, how do I sort a list of dictionaries by the value of the "age" key, oldest first?' },
			{ role: 'assistant', content: 'Use sorted() with a key function and reverse=True: people_sorted = sorted(people, key=lambda p: p["age"], reverse=True). For an in-place sort, call people.sort(key=..., reverse=True).' },
		],
		typing: 'What if some dictionaries have no age key, can I',
	},
	{
		id: 'bike-chain',
		language: 'de',
		messages: [
			{ role: 'user', content: 'Meine Fahrradkette springt beim Schalten immer vom hinteren Ritzel. Was kann ich selbst einstellen?' },
			{ role: 'assistant', content: 'Meist ist das Schaltwerk verstellt: Prüfe die Begrenzungsschrauben H und L und stelle die Zugspannung mit der Einstellschraube am Schaltwerk nach. Eine stark gelängte Kette solltest du tauschen.' },
		],
		typing: 'Woran erkenne ich, ob die Kette zu lang',
	},
];
