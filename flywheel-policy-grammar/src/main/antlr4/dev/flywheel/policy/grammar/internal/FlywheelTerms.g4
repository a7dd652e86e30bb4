// The flywheel-policy terms language. docs/LANGUAGE.md states it in plain words.
//
// The lexer covers every input: keywords first (ANTLR prefers the earlier rule on equal length), then a catch-all
// WORD for any other run of non-separator characters. So no character is ever dropped, and an unknown word, a
// confusable letter or an invisible character arrives at the parser facade as one positioned token.
//
// The vocabulary (purposes, facts, quota periods) is not spelled here: it is defined once, by the enums Purpose, Fact
// and QuotaPeriod of flywheel-policy-api. Those words lex as WORD, and the facade (Keywords.vocabularyType) gives a
// WORD whose whole text is a vocabulary word the token type below: PURPOSE for 'train', ONLY_PURPOSE for
// 'train-only', NO_PURPOSE for 'no-train', FACT, PERIOD. As WORD only ever matches a whole run of non-separator
// characters, this gives the same tokens as listing the words in lexer rules, with the list kept in one place.
//
// The facade's lexer sees every code point above U+007F as U+0001 (SourceText.charStream), so that ANTLR's DFA cache,
// which covers code points 0 to 127 only, serves non-ASCII text too. So no rule may name a non-ASCII character or
// U+0001: every such character must be matched only by the negated sets below, as it is today.
grammar FlywheelTerms;

// Token types given to vocabulary words by the facade (see the note at the top): no lexer rule produces them.
tokens { PURPOSE, ONLY_PURPOSE, NO_PURPOSE, FACT, PERIOD }

// ---- Parser ----

// One whole statement. The facade splits the token stream at top-level ';' itself (so that each clause gets at
// most one syntax error and a bad clause can never swallow its neighbours) and parses each clause with singleClause;
// this rule states the whole language and is what other implementations should follow.
terms
  : clause (SEMI clause)* SEMI? EOF
  ;

singleClause
  : clause EOF
  ;

clause
  : body timeBound*
  ;

body
  : ALLOW purposeList (IF conditionList)?   # AllowBody
  | purpose IF conditionList               # ConditionalBody
  | DENY purposeList                       # DenyBody
  | ONLY_PURPOSE                           # OnlyBody
  | NO_PURPOSE                             # NoBody
  | duty                                   # DutyBody
  ;

purposeList
  : purpose (COMMA purpose)*
  ;

purpose
  : PURPOSE
  ;

conditionList
  : condition (AND condition)*
  ;

condition
  : FACT   # FactCondition
  | duty   # DutyCondition
  ;

duty
  : ATTRIBUTION                       # AttributionDuty
  | PAY COLLECTIVE name price?        # PaymentDuty
  | LIMIT NUMBER PER PERIOD           # QuotaDuty
  ;

price
  : NUMBER CURRENCY PER ITEM
  ;

name
  : WORD     # BareName
  | STRING   # QuotedName
  ;

timeBound
  : UNTIL TIMESTAMP   # UntilBound
  | FROM TIMESTAMP    # FromBound
  ;

// ---- Lexer ----

ALLOW       : 'allow' ;
DENY        : 'deny' ;
IF          : 'if' ;
AND         : 'and' ;
UNTIL       : 'until' ;
FROM        : 'from' ;
PAY         : 'pay' ;
COLLECTIVE  : 'collective' ;
LIMIT       : 'limit' ;
PER         : 'per' ;
ITEM        : 'item' ;
ATTRIBUTION : 'attribution' ;

// Anything that starts like a date is one token; the facade checks it strictly (2027-02-30 is an error there).
TIMESTAMP : DIGIT+ '-' [0-9A-Za-z:.+\-]* ;
NUMBER    : DIGIT+ ('.' DIGIT+)? ;
CURRENCY  : [A-Z] [A-Z] [A-Z] ;
fragment DIGIT : [0-9] ;

SEMI  : ';' ;
COMMA : ',' ;

// Escapes are checked by the facade (only \" and \\ are valid).
STRING              : '"' ( ~["\\\r\n] | '\\' ~[\r\n] )* '"' ;
UNTERMINATED_STRING : '"' ( ~["\\\r\n] | '\\' ~[\r\n] )* '\\'? ;

WS : [ \t\r\n]+ -> skip ;

// A comment runs from '#' to the end of the line. It is kept on the hidden channel, not skipped, so that the
// formatter can put it back; the facade takes it out of the parser's token stream and checks its characters.
// A '#' starts a comment only where a token could start (at the start of a line, after whitespace, ';', ',' or a
// quoted name): inside a word it is part of the word, so 'eval-only#why' and 'pay collective c#' are errors, never
// a clause cut short by a comment.
COMMENT : '#' ~[\r\n]* -> channel(HIDDEN) ;

// Catch-all: any other run of characters up to whitespace or a separator; it cannot start with '#'.
WORD : ~[ \t\r\n;,"#] ~[ \t\r\n;,"]* ;
