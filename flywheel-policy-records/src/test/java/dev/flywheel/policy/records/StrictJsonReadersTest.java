package dev.flywheel.policy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictJsonReadersTest {
  private static final JsonMapper MAPPER = StrictJsonReaders.mapper(
      StreamReadConstraints.builder().maxNestingDepth(4).maxStringLength(16).build());

  @Test
  void mapper_plainJson_isRead() throws Exception {
    assertEquals(2, MAPPER.readTree("{\"a\":[1,2.5,\"x\"],\"b\":{\"c\":null}}").size());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"a\":1,\"a\":2}",            // a duplicate key
      "{\"a\":{\"b\":1,\"b\":1}}",    // a duplicate key inside
      "{\"a\":1} {\"b\":2}",           // content after the value
      "{\"a\":1} x",
      "{\"a\":1 /* c */}",            // comments
      "{\"a\":1 # c\n}",
      "{'a':1}",                        // single quotes
      "{a:1}",                          // unquoted names
      "{\"a\":NaN}",                   // non-finite numbers
      "{\"a\":Infinity}",
      "{\"a\":01}",                    // leading zeros
      "{\"a\":+1}",                    // a leading plus
      "{\"a\":.5}",                    // a leading decimal point
      "{\"a\":5.}",                    // a trailing decimal point
      "{\"a\":[1,]}",                  // a trailing comma
      "{\"a\":[1,,2]}",                // a missing value
      "{\"a\":\"\\q\"}",               // a backslash before any character
      "{\"a\":\"\u0001\"}",            // an unescaped control character
      "[[[[[1]]]]]",                    // nested past the bound
      "{\"a\":\"seventeen chars!!\"}"  // a string past the bound
  })
  void mapper_eachLeniencyAndBound_refused(String json) {
    assertThrows(JsonProcessingException.class, () -> MAPPER.readTree(json), json);
  }

  @Test
  void mapper_error_doesNotQuoteTheInput() {
    JsonProcessingException e = assertThrows(JsonProcessingException.class,
        () -> MAPPER.readTree("{\"private\":\"secret\",\"private\":1}"));
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }
}
