/**
 * The vocabulary and Hugging Face tokenizer files of the tiny-bert test fixture: a real
 * WordPiece tokenizer.json in the format of bert-base-uncased, with a small hand-picked
 * vocabulary so that job-market text tokenizes into whole words and the fixture stays small.
 */

/** Special tokens, in id order: [PAD]=0, [UNK]=1, [CLS]=2, [SEP]=3, [MASK]=4. */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** Lowercase letters, digits and every ASCII punctuation mark BertPreTokenizer splits off. */
const SINGLE_CHARS = [
  ...'abcdefghijklmnopqrstuvwxyz0123456789',
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).filter((c) => /[!-/:-@[-`{-~]/.test(c)),
];

/** Common English and job-market words; every one is a single lowercase pre-token. */
const WORDS = `
the and of to in for with on at by from as is are was were be been an or not no this that these those it its
we you your our they their he she his her who what which when where how why all any some more most other new
good great high low first last one two three four five six ten year years month months day days week weeks
time work working worked team teams people company companies business customer customers client clients
service services project projects product products data system systems process processes support development
design research quality skill skills ability able knowledge strong excellent proven including within across
using use build built building develop developed developing lead leading led manage managed managing create
created improve improved ensure provide provided help make plan planning report reporting analysis
communication written verbal problem problems solving about up out over into through per also well can will
must should may have has had do does did get need needs based full part remote office hybrid location city
london york berlin paris english german french spanish international global local national senior junior
head chief principal staff intern internship entry level mid software engineer engineers engineering
developer developers nurse nurses nursing sales python java javascript typescript sql cloud aws azure docker
kubernetes linux react node backend frontend stack web mobile android ios api apis database databases
machine learning deep ai model models analytics analyst analysts scientist science statistics manager
managers management director executive officer assistant associate coordinator specialist consultant
administrator technician architect designer accountant accounting finance financial marketing operations
logistics supply chain warehouse driver teacher teaching education student students university college
degree bachelor master phd diploma certificate certification certified license licensed registered hospital
patient patients care health healthcare medical clinical pharmacy doctor physician therapist retail store
restaurant chef cook kitchen hotel hospitality construction electrician plumber mechanic maintenance
manufacturing production factory legal lawyer law compliance risk security network networking infrastructure
devops testing test tests automation agile scrum git excel microsoft google salary benefits bonus contract
permanent temporary hours shift shifts experience experienced resume cv job jobs position role roles
responsibilities requirements required preferred qualifications candidate candidates hiring recruiter
recruitment hr human resources interview apply application applications employer employee employees career
opportunity opportunities growth training mentor mentoring leadership stakeholder stakeholders budget
revenue targets account accounts success digital media social content writer writing editor communications
public relations graphic ux ui user users owner program programming programs language languages framework
frameworks tools platform platforms performance scalable distributed microservices architecture pipeline
pipelines deployment monitoring documentation collaboration collaborate independently detail detailed
oriented organized motivated fast paced environment culture values diverse inclusion equal competitive
flexible schedule travel driving valid medicine emergency surgery intensive unit ward bank banking insurance
investment audit tax payroll invoice procurement purchasing inventory assurance control safety food beverage
front desk reception receptionist call center representative administrative clerk secretary`.trim().split(/\s+/);

/** Word endings, so that unknown inflections split into a known stem plus a suffix piece. */
const SUFFIXES = ['##s', '##es', '##ed', '##ing', '##er', '##ers', '##ly', '##al', '##ist', '##ion', '##tion', '##ment'];

/**
 * The vocabulary in id order: specials, single characters, their '##' continuations, words,
 * then suffix pieces not already present.
 */
export function tinyVocab(): string[] {
  const vocab: string[] = [...SPECIAL_TOKENS, ...SINGLE_CHARS, ...SINGLE_CHARS.map((c) => `##${c}`), ...WORDS];
  for (const suffix of SUFFIXES) if (!vocab.includes(suffix)) vocab.push(suffix);
  return vocab;
}

const templatePiece = (kind: 'SpecialToken' | 'Sequence', id: string, typeId: number): object => ({ [kind]: { id, type_id: typeId } });

/** tokenizer.json: BertNormalizer, BertPreTokenizer, WordPiece, [CLS] A [SEP] (B [SEP]) template. */
export function tokenizerJson(vocab: readonly string[]): object {
  const id = (token: string): number => vocab.indexOf(token);
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: id(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: true, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [templatePiece('SpecialToken', '[CLS]', 0), templatePiece('Sequence', 'A', 0), templatePiece('SpecialToken', '[SEP]', 0)],
      pair: [
        templatePiece('SpecialToken', '[CLS]', 0),
        templatePiece('Sequence', 'A', 0),
        templatePiece('SpecialToken', '[SEP]', 0),
        templatePiece('Sequence', 'B', 1),
        templatePiece('SpecialToken', '[SEP]', 1),
      ],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((token, i) => [token, i])),
    },
  };
}

const SPECIAL_TOKENS_MAP = { unk_token: '[UNK]', sep_token: '[SEP]', pad_token: '[PAD]', cls_token: '[CLS]', mask_token: '[MASK]' };

/** special_tokens_map.json. */
export function specialTokensMapJson(): object {
  return { ...SPECIAL_TOKENS_MAP };
}

/** tokenizer_config.json, as transformers' BertTokenizer writes it. */
export function tokenizerConfigJson(maxLength: number): object {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    do_basic_tokenize: true,
    tokenize_chinese_chars: true,
    strip_accents: null,
    model_max_length: maxLength,
    ...SPECIAL_TOKENS_MAP,
  };
}
