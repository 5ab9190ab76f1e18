/**
 * Text the open-call benchmark builds its proposals and comments from: sentences in Spanish,
 * French, Portuguese and English (accents included, so accent-insensitive search has work to
 * do), place names and people's names. Every list of sentences has the same length in every
 * language, so SQL can pick "sentence k of language l" as l * length + k.
 *
 * Kept free of markdown and HTML specials (* _ # [ ] < > & "), so a body renders to its
 * paragraphs unchanged and the generator can write body_html itself.
 */

export const LANGS = ['es', 'fr', 'pt', 'en'] as const;

/** Body sentences, 24 per language. */
export const SENTENCES: Record<(typeof LANGS)[number], string[]> = {
  es: [
    'Proponemos publicar en datos abiertos todos los contratos de obra pública del municipio.',
    'La transparencia activa exige que cada dependencia informe sus gastos en un formato reutilizable.',
    'Hace falta un mecanismo de participación ciudadana para el seguimiento de los compromisos.',
    'Las organizaciones de la sociedad civil piden acceso a la información sobre subsidios.',
    'Queremos que los barrios populares tengan voz en la planificación del presupuesto.',
    'El portal de transparencia debería mostrar los plazos de respuesta de cada solicitud.',
    'Es necesario capacitar a funcionarios y funcionarias en gobierno abierto y rendición de cuentas.',
    'La información ambiental sobre la calidad del aire tiene que estar disponible en tiempo real.',
    'Solicitamos una mesa de diálogo con las comunidades indígenas antes de cada licitación.',
    'Los datos de compras públicas deben publicarse con el estándar de contrataciones abiertas.',
    'Proponemos audiencias públicas trimestrales con participación de jóvenes y adultos mayores.',
    'La brecha digital impide que muchas vecinas accedan a los trámites en línea.',
    'Pedimos más transparencia en la asignación de la pauta oficial a los medios de comunicación.',
    'Un registro público de declaraciones juradas reduciría los conflictos de interés.',
    'La justicia debería publicar sus sentencias en versión anonimizada y accesible.',
    'Las mujeres que lideran cooperativas necesitan líneas de crédito con perspectiva de género.',
    'El municipio puede abrir un laboratorio de innovación pública junto a las universidades.',
    'Sugerimos un tablero de indicadores sobre la gestión de residuos y el reciclaje.',
    'Los pliegos de licitación tienen que estar disponibles desde el primer día de la convocatoria.',
    'Queremos protección efectiva para periodistas y defensores del ambiente.',
    'Conviene traducir la información esencial a lenguas originarias y a lectura fácil.',
    'La consulta previa debe documentarse y sus resultados tienen que ser públicos.',
    'Se propone un presupuesto participativo con votación presencial y electrónica.',
    'Cada compromiso necesita hitos verificables, responsables claros y fechas realistas.',
  ],
  fr: [
    'Nous proposons de publier en données ouvertes tous les marchés publics de la région.',
    'La transparence budgétaire suppose des rapports trimestriels lisibles par tous les citoyens.',
    'Il faut créer un mécanisme de participation citoyenne pour suivre les engagements.',
    'Les associations demandent un accès facilité à l’information sur les subventions.',
    'Les quartiers prioritaires doivent être associés à l’élaboration du budget municipal.',
    'Le portail de données devrait indiquer les délais de réponse de chaque administration.',
    'Former les agents publics au gouvernement ouvert renforcera la redevabilité.',
    'Les données sur la qualité de l’air et de l’eau doivent être publiées en temps réel.',
    'Nous demandons une concertation avec les communautés rurales avant chaque projet.',
    'Les achats publics doivent suivre la norme des données ouvertes sur la commande publique.',
    'Des réunions publiques trimestrielles associeraient les jeunes et les aînés.',
    'La fracture numérique empêche de nombreuses personnes d’effectuer leurs démarches en ligne.',
    'Plus de transparence est nécessaire dans la répartition de la publicité officielle.',
    'Un registre public des déclarations d’intérêts réduirait les conflits d’intérêts.',
    'Les décisions de justice devraient être publiées sous forme anonymisée et accessible.',
    'Les femmes entrepreneures ont besoin de financements tenant compte de l’égalité.',
    'La collectivité peut ouvrir un laboratoire d’innovation publique avec les universités.',
    'Nous suggérons un tableau de bord sur la gestion des déchets et le recyclage.',
    'Les dossiers de consultation doivent être disponibles dès l’ouverture de l’appel d’offres.',
    'Les journalistes et les défenseurs de l’environnement doivent être mieux protégés.',
    'Il convient de traduire l’information essentielle en langues régionales et en facile à lire.',
    'La consultation préalable doit être documentée et ses résultats rendus publics.',
    'Nous proposons un budget participatif avec un vote en présentiel et en ligne.',
    'Chaque engagement doit avoir des jalons vérifiables, des responsables et des échéances réalistes.',
  ],
  pt: [
    'Propomos publicar em dados abertos todos os contratos de obras públicas do município.',
    'A transparência ativa exige que cada secretaria informe os seus gastos em formato reutilizável.',
    'É preciso um mecanismo de participação cidadã para acompanhar os compromissos.',
    'As organizações da sociedade civil pedem acesso à informação sobre subsídios.',
    'Queremos que as comunidades periféricas tenham voz no planejamento do orçamento.',
    'O portal da transparência deveria mostrar os prazos de resposta de cada pedido.',
    'É necessário capacitar servidores e servidoras em governo aberto e prestação de contas.',
    'A informação ambiental sobre a qualidade do ar precisa estar disponível em tempo real.',
    'Solicitamos uma mesa de diálogo com os povos indígenas antes de cada licitação.',
    'Os dados de compras públicas devem seguir o padrão de contratações abertas.',
    'Propomos audiências públicas trimestrais com participação de jovens e idosos.',
    'A exclusão digital impede que muitas cidadãs acessem os serviços em linha.',
    'Pedimos mais transparência na distribuição da publicidade oficial entre os veículos.',
    'Um registro público de declarações de bens reduziria os conflitos de interesse.',
    'O judiciário deveria publicar as suas decisões em versão anonimizada e acessível.',
    'As mulheres que lideram cooperativas precisam de crédito com perspectiva de gênero.',
    'O município pode abrir um laboratório de inovação pública com as universidades.',
    'Sugerimos um painel de indicadores sobre a gestão de resíduos e a reciclagem.',
    'Os editais devem estar disponíveis desde o primeiro dia da convocação.',
    'Queremos proteção efetiva para jornalistas e defensores do meio ambiente.',
    'Convém traduzir a informação essencial para línguas indígenas e linguagem simples.',
    'A consulta prévia deve ser documentada e os seus resultados tornados públicos.',
    'Propõe-se um orçamento participativo com votação presencial e eletrônica.',
    'Cada compromisso precisa de marcos verificáveis, responsáveis claros e prazos realistas.',
  ],
  en: [
    'We propose publishing every public works contract of the city as open data.',
    'Proactive transparency means each agency reports its spending in a reusable format.',
    'A citizen participation mechanism is needed to follow up on the commitments.',
    'Civil society organisations ask for access to information on subsidies.',
    'Informal settlements should have a say in planning the municipal budget.',
    'The transparency portal should show the response time of every request.',
    'Training civil servants in open government will strengthen accountability.',
    'Air and water quality data must be published in real time.',
    'We ask for a dialogue table with rural communities before each tender.',
    'Public procurement data should follow the open contracting data standard.',
    'Quarterly public hearings would bring in young people and older residents.',
    'The digital divide keeps many residents from using online services.',
    'More transparency is needed in how official advertising is allocated.',
    'A public register of asset declarations would reduce conflicts of interest.',
    'Courts should publish their rulings in an anonymised, accessible form.',
    'Women leading cooperatives need credit lines designed with gender equality in mind.',
    'The city can open a public innovation lab together with the universities.',
    'We suggest a dashboard of indicators on waste management and recycling.',
    'Tender documents must be available from the first day of the call.',
    'Journalists and environmental defenders need effective protection.',
    'Essential information should be translated into indigenous languages and easy read.',
    'Prior consultation must be documented and its results made public.',
    'We propose participatory budgeting with in-person and online voting.',
    'Each commitment needs verifiable milestones, clear owners and realistic dates.',
  ],
};

/** Title beginnings, 16 per language; a place name follows. */
export const TITLES: Record<(typeof LANGS)[number], string[]> = {
  es: [
    'Datos abiertos de contrataciones en', 'Presupuesto participativo para', 'Transparencia en la obra pública de',
    'Acceso a la información ambiental en', 'Mesa de diálogo con comunidades de', 'Rendición de cuentas municipal en',
    'Registro de beneficiarios finales en', 'Justicia abierta y sentencias públicas en', 'Inclusión digital de personas mayores en',
    'Protección de periodistas en', 'Perspectiva de género en compras públicas de', 'Laboratorio de innovación pública en',
    'Monitoreo ciudadano de la calidad del aire en', 'Lectura fácil en trámites de', 'Audiencias públicas sobre vivienda en',
    'Tablero de indicadores de gestión en',
  ],
  fr: [
    'Données ouvertes sur les marchés publics à', 'Budget participatif pour', 'Transparence des travaux publics à',
    'Accès à l’information environnementale à', 'Concertation avec les habitants de', 'Redevabilité municipale à',
    'Registre des bénéficiaires effectifs à', 'Justice ouverte et décisions publiques à', 'Inclusion numérique des aînés à',
    'Protection des journalistes à', 'Égalité femmes-hommes dans les achats publics à', 'Laboratoire d’innovation publique à',
    'Surveillance citoyenne de la qualité de l’air à', 'Facile à lire pour les démarches à', 'Réunions publiques sur le logement à',
    'Tableau de bord de la gestion publique à',
  ],
  pt: [
    'Dados abertos de contratações em', 'Orçamento participativo para', 'Transparência nas obras públicas de',
    'Acesso à informação ambiental em', 'Mesa de diálogo com comunidades de', 'Prestação de contas municipal em',
    'Registro de beneficiários finais em', 'Justiça aberta e decisões públicas em', 'Inclusão digital de idosos em',
    'Proteção de jornalistas em', 'Perspectiva de gênero nas compras públicas de', 'Laboratório de inovação pública em',
    'Monitoramento cidadão da qualidade do ar em', 'Linguagem simples nos serviços de', 'Audiências públicas sobre moradia em',
    'Painel de indicadores de gestão em',
  ],
  en: [
    'Open contracting data in', 'Participatory budgeting for', 'Transparency in public works in',
    'Access to environmental information in', 'Dialogue table with communities of', 'Municipal accountability in',
    'Beneficial ownership register in', 'Open justice and published rulings in', 'Digital inclusion of older people in',
    'Protection of journalists in', 'Gender lens on public procurement in', 'Public innovation lab in',
    'Citizen monitoring of air quality in', 'Easy read for services in', 'Public hearings on housing in',
    'Performance dashboard in',
  ],
};

/** Comment sentences, 16 per language. */
export const COMMENTS: Record<(typeof LANGS)[number], string[]> = {
  es: [
    'Totalmente de acuerdo, en mi barrio pasa lo mismo.', 'Habría que precisar quién financia esta propuesta.',
    '¿Cómo se mediría el avance de este compromiso?', 'Me parece una excelente idea para la participación ciudadana.',
    'Sugiero agregar un plazo de implementación más corto.', 'La transparencia no alcanza sin sanciones claras.',
    'Esto ya existe en otra provincia y funcionó bien.', 'Faltan datos sobre el costo estimado.',
    'Apoyo la propuesta, pero con lectura fácil para todas las personas.', 'Propongo sumar a las universidades públicas.',
    'No estoy de acuerdo: el registro ya es público.', 'Gracias por incluir la perspectiva de género.',
    'Podría combinarse con la propuesta sobre datos abiertos.', 'El municipio debería responder antes de fin de año.',
    'Muy buena iniciativa, la comparto con mi cooperativa.', 'Pido que se publique también en lenguas originarias.',
  ],
  fr: [
    'Tout à fait d’accord, c’est pareil dans mon quartier.', 'Il faudrait préciser qui finance cette proposition.',
    'Comment mesurerait-on l’avancement de cet engagement ?', 'Excellente idée pour la participation citoyenne.',
    'Je suggère un calendrier de mise en œuvre plus court.', 'La transparence ne suffit pas sans sanctions claires.',
    'Cela existe déjà dans une autre région et fonctionne bien.', 'Il manque des données sur le coût estimé.',
    'Je soutiens la proposition, avec une version facile à lire.', 'Je propose d’associer les universités publiques.',
    'Pas d’accord : le registre est déjà public.', 'Merci d’avoir intégré l’égalité entre les femmes et les hommes.',
    'On pourrait la fusionner avec la proposition sur les données ouvertes.', 'La mairie devrait répondre avant la fin de l’année.',
    'Très bonne initiative, je la partage avec mon association.', 'Je demande une publication en langues régionales.',
  ],
  pt: [
    'Concordo totalmente, no meu bairro acontece o mesmo.', 'Seria preciso detalhar quem financia esta proposta.',
    'Como se mediria o avanço deste compromisso?', 'Parece-me uma ótima ideia para a participação cidadã.',
    'Sugiro um prazo de implementação mais curto.', 'A transparência não basta sem sanções claras.',
    'Isto já existe em outro estado e funcionou bem.', 'Faltam dados sobre o custo estimado.',
    'Apoio a proposta, mas com linguagem simples para todos.', 'Proponho incluir as universidades públicas.',
    'Não concordo: o registro já é público.', 'Obrigada por incluir a perspectiva de gênero.',
    'Poderia juntar-se à proposta sobre dados abertos.', 'A prefeitura deveria responder antes do fim do ano.',
    'Ótima iniciativa, vou partilhar com a minha cooperativa.', 'Peço que seja publicada também em línguas indígenas.',
  ],
  en: [
    'Fully agree, the same happens in my neighbourhood.', 'It should say who funds this proposal.',
    'How would progress on this commitment be measured?', 'A great idea for citizen participation.',
    'I suggest a shorter implementation timeline.', 'Transparency is not enough without clear sanctions.',
    'This already exists in another province and worked well.', 'The estimated cost is missing.',
    'I support it, with an easy-read version for everyone.', 'I propose involving the public universities.',
    'I disagree: the register is already public.', 'Thank you for including a gender perspective.',
    'It could be merged with the open data proposal.', 'The city should answer before the end of the year.',
    'Great initiative, I am sharing it with my cooperative.', 'Please publish it in indigenous languages too.',
  ],
};

/** Places, 40, many with accents. */
export const PLACES = [
  'Córdoba', 'São Paulo', 'Bogotá', 'Medellín', 'Québec', 'Montréal', 'Asunción', 'Concepción', 'Mérida', 'León',
  'Cancún', 'Querétaro', 'Florianópolis', 'Belém', 'Maceió', 'Vitória', 'Goiânia', 'Niterói', 'Genève', 'Besançon',
  'Orléans', 'Nîmes', 'Saint-Étienne', 'Fès', 'Sétif', 'Lomé', 'Bamako', 'Dakar', 'Cotonou', 'Antananarivo',
  'La Plata', 'Mar del Plata', 'Bahía Blanca', 'Tandil', 'Junín', 'Olavarría', 'Nairobi', 'Accra', 'Kampala', 'Lisboa',
];

export const FIRST_NAMES = [
  'María José', 'José Luis', 'Inés', 'Raúl', 'Sofía', 'Martín', 'Lucía', 'Andrés', 'Valentina', 'Joaquín',
  'Zoé', 'François', 'Hélène', 'Jérôme', 'Anaïs', 'Noël', 'Chloé', 'Loïc', 'Béatrice', 'Mathéo',
  'João', 'Conceição', 'Antônio', 'Luíza', 'Sebastião', 'Fátima', 'Cauã', 'Lívia', 'Amina', 'Kwame',
];

export const LAST_NAMES = [
  'Pérez', 'Gómez', 'Rodríguez', 'Fernández', 'Muñoz', 'Núñez', 'Ibáñez', 'Suárez', 'Martínez', 'Ordóñez',
  'Lefèvre', 'Dubois', 'Mercier', 'Girard', 'Béranger', 'Faure', 'Gauthier', 'Lemaître', 'Chevalier', 'Noël',
  'Conceição', 'Gonçalves', 'Magalhães', 'Araújo', 'Simões', 'Brandão', 'Sebastião', 'Romão', 'Diallo', 'Mensah',
];

export const ORGANISATIONS = [
  'Fundación Ciudadanía Activa', 'Asociación Civil Poder Ciudadano', 'Observatorio de Políticas Públicas',
  'Réseau Citoyen pour la Transparence', 'Association des Usagers du Numérique', 'Université de Genève',
  'Instituto Cidade Aberta', 'Coletivo Orçamento Já', 'Open Data Cooperative', 'Cámara de Comercio Local',
  'Red de Periodistas Independientes', 'Collectif Égalité Maintenant',
];
