// Exasol's SQL for the editor: keywords, built-in functions and types (highlighting and keyword completion).
import { SQLDialect } from '@codemirror/lang-sql';

/** Reserved words and statement keywords of Exasol SQL. */
const KEYWORDS = `absolute action add after all allocate alter and any append are array as asc asensitive assertion at
atomic authid authorization before begin between bigint binary bit blob blocked boolean both breadth by call cascade
cascaded case cast catalog char character check clob close coalesce collate collation column commit condition connect
connection constant constraint constraints constructor contains continue control convert corresponding create cross
cs_append cube current current_date current_path current_role current_schema current_session current_statement
current_time current_timestamp current_user cursor cycle data datalink date datetime_interval_code
datetime_interval_precision day dbtimezone deallocate dec decimal declare default default_like_escape_character
deferrable deferred defined definer delete deref derived desc describe descriptor deterministic disable disabled
disconnect dispatch distinct dlurlcomplete dlurlpath dlurlpathonly dlurlscheme dlurlserver dlvalue do domain double
drop dynamic dynamic_function dynamic_function_code each else elseif elsif emits empty enable enabled end end-exec
enforce equals errors escape except exception exec execute exists exit explain export external extract false fbv
fetch file final first float following for forall force format found free from fs full function general generated
geometry get global go goto grant granted group group_concat grouping groups hashtype having high hold hour identity
if ifnull immediate impersonate implementation import in index indicator inner inout input insensitive insert
instance instantiable int integer integrity intersect interval into inverse invoker is iterate join key language
large last lateral ldap leading leave left level like limit listagg local localtime localtimestamp locator log
longvarchar loop low map match matched merge method minus minute mod modifies modify module month names national
natural nchar nclob new next nls_date_format nls_date_language nls_first_day_of_week nls_numeric_characters
nls_timestamp_format no nocycle nologging none not null nullif number numeric nvarchar nvarchar2 object of off old on
only open option options or order ordering ordinality others out outer output over overlaps overlay overriding pad
parallel_enable parameter parameter_specific_catalog parameter_specific_name parameter_specific_schema partial path
permission placing plus position preceding preferring prepare preserve prior privileges procedure profile qualify
random range read reads real recovery recursive ref references referencing refresh regexp_like relative release
rename repeat replace restore restrict result return returned_length returned_octet_length returns revoke right
rollback rollup routine row rows rowtype savepoint schema scope scope_user script scroll search second section
security select selective self sensitive separator sequence session session_user set sets shortint similar smallint
some source space specific specifictype sql sqlexception sqlstate sqlwarning start state static structure style
substring subtype sysdate system system_user systimestamp table temporary text then time timestamp timezone_hour
timezone_minute tinyint to trailing transaction transform transforms translation treat trigger trim true truncate
under union unique unknown unlink unnest until update usage user using value values varchar varchar2 varray verify
view when whenever where while window with within without work year yes zone`;

/** Built-in functions (a selection of the ones analysts use most). */
const BUILTIN = `abs acos add_days add_hours add_minutes add_months add_seconds add_weeks add_years ascii asin atan atan2
avg bit_and bit_or bit_xor ceil ceiling char_length character_length chr concat convert_tz corr cos cosh cot count
covar_pop covar_samp cume_dist current_cluster date_trunc day days_between dbtimezone decode degrees dense_rank div
edit_distance every exp first_value floor from_posix_time greatest group_concat hash_md5 hash_sha1 hash_sha256 hour
hours_between initcap insert instr is_date is_number is_timestamp lag last_day last_value lcase lead least left length
listagg ln locate log log10 log2 lower lpad ltrim max median mid min minute minutes_between mod month months_between
now nth_value ntile numtodsinterval numtoyminterval nvl nvl2 octet_length percent_rank percentile_cont percentile_disc
pi posix_time power radians rand random rank ratio_to_report regexp_instr regexp_replace regexp_substr repeat replace
reverse right round row_number rownum rowid rpad rtrim second seconds_between sign sin sinh soundex space sqrt stddev
stddev_pop stddev_samp substr sum sys_guid tan tanh to_char to_date to_dsinterval to_number to_timestamp
to_yminterval translate trim trunc typeof ucase unicode unicodechr upper user var_pop var_samp variance week year
years_between zeroifnull`;

/** Data types. */
const TYPES = `bigint bool boolean char character date decimal double float geometry hashtype int integer interval
local long nchar number numeric nvarchar precision real shortint smallint timestamp tinyint varchar varchar2 with
zone`;

/** The Exasol dialect for @codemirror/lang-sql (`--` and `/* *\/` comments, no backslash escapes). */
export const Exasol = SQLDialect.define({
  keywords: KEYWORDS.replace(/\s+/g, ' '),
  builtin: BUILTIN.replace(/\s+/g, ' '),
  types: TYPES.replace(/\s+/g, ' '),
  backslashEscapes: false,
  hashComments: false,
  slashComments: false,
  doubleDollarQuotedStrings: false,
  operatorChars: '*+-%<>!=&|~^/:',
  specialVar: '',
  identifierQuotes: '"',
  // unquoted names fold to upper case; completion quotes the names that need it itself (metadata.js)
  caseInsensitiveIdentifiers: true,
});
