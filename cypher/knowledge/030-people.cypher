// People: executives, officials and analysts named in the articles.

MERGE (n:Person {id: 'jensen-huang'}) SET n.name = 'Jensen Huang', n.nameJa = 'ジェンセン・フアン', n.aliases = ['Huang', 'フアン', '黄仁勲', '黃仁勳', 'Jen-Hsun Huang'], n.description = 'Co-founder and chief executive of Nvidia.';
MERGE (n:Person {id: 'howard-lutnick'}) SET n.name = 'Howard Lutnick', n.nameJa = 'ハワード・ルトニック', n.aliases = ['Lutnick', 'ルトニック', 'ラトニック', 'ハワード・ラトニック', 'Howard W. Lutnick'], n.description = 'US Secretary of Commerce in 2025.';
MERGE (n:Person {id: 'pranay-kotasthane'}) SET n.name = 'Pranay Kotasthane', n.nameJa = 'プラナイ・コタスタイン', n.aliases = ['Kotasthane', 'コタスタイン'], n.description = 'Deputy director at the Takshashila Institution who analyses technology geopolitics.';
MERGE (n:Person {id: 'daniel-newman'}) SET n.name = 'Daniel Newman', n.nameJa = 'ダニエル・ニューマン', n.aliases = ['Newman', 'ニューマン'], n.description = 'Chief executive of Futurum Group and technology industry analyst.';
MERGE (n:Person {id: 'tejas-dessai'}) SET n.name = 'Tejas Dessai', n.nameJa = 'テジャス・デサイ', n.aliases = ['Dessai', 'デサイ', 'デッサイ'], n.description = 'Research director at Global X ETFs.';
MERGE (n:Person {id: 'paul-triolo'}) SET n.name = 'Paul Triolo', n.nameJa = 'ポール・トリオロ', n.aliases = ['Triolo', 'トリオロ'], n.description = 'Partner at DGA-Albright Stonebridge Group who tracks Chinese technology policy.';
MERGE (n:Person {id: 'donald-trump'}) SET n.name = 'Donald Trump', n.nameJa = 'ドナルド・トランプ', n.aliases = ['Trump', 'トランプ', 'トランプ前大統領', 'トランプ大統領', 'President Trump'], n.description = 'President of the United States who set the revenue-share condition for renewed H20 sales to China.';
