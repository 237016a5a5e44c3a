#include "asl/parse/yaml_reader.h"

#include <gtest/gtest.h>

namespace tern::asl {
namespace {

TEST(YamlReader, ResolvesCoreSchemaScalars) {
  auto doc = ReadYaml("a: 1\nb: 2.5\nc: true\nd: ~\ne: '1'\nf: hello\ng: \"true\"\nh: -7\n");
  ASSERT_TRUE(doc.has_value()) << doc.error().ToString();
  EXPECT_EQ(doc->value.dump(),
            R"({"a":1,"b":2.5,"c":true,"d":null,"e":"1","f":"hello","g":"true","h":-7})");
}

TEST(YamlReader, KeepsLineNumbersOfEveryNode) {
  auto doc = ReadYaml(
      "StartAt: A\n"
      "States:\n"
      "  A:\n"
      "    Type: Pass\n"
      "    Next: B\n"
      "  B:\n"
      "    Type: Succeed\n");
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ(doc->locations.Find("/States/A/Next").line, 5);
  EXPECT_EQ(doc->locations.Find("/States/A/Next").column, 5);
  EXPECT_EQ(doc->locations.Find("/States/B").line, 6);
}

TEST(YamlReader, SyntaxErrorsCarryTheLine) {
  auto doc = ReadYaml("a: 1\nb: [1, 2\nc: 3\n");
  ASSERT_FALSE(doc.has_value());
  EXPECT_GT(doc.error().where.line, 1);
}

TEST(YamlReader, RefusesUnknownTags) {
  auto doc = ReadYaml("a: !Ref Foo\n");
  ASSERT_FALSE(doc.has_value());
  EXPECT_NE(doc.error().message.find("!Ref"), std::string::npos);
  EXPECT_EQ(doc.error().where.line, 1);
}

TEST(YamlReader, CloudFormationTagsBecomeLongFormsWhenAskedFor) {
  YamlReadOptions options;
  options.cloudformation_tags = true;
  auto doc = ReadYaml(
      "a: !Ref Foo\n"
      "b: !GetAtt Fn.Arn\n"
      "c: !GetAtt [Db, Endpoint.Address]\n"
      "d: !Sub '${A}-x'\n"
      "e: !Join ['-', [!Ref X, b]]\n"
      "f: !If [Cond, 1, 2]\n"
      "g: !Ref 12\n"
      "h: !GetAtt Db.Endpoint.Port\n",
      options);
  ASSERT_TRUE(doc.has_value()) << doc.error().ToString();
  EXPECT_EQ(doc->value.dump(),
            R"({"a":{"Ref":"Foo"},"b":{"Fn::GetAtt":["Fn","Arn"]},)"
            R"("c":{"Fn::GetAtt":["Db","Endpoint.Address"]},"d":{"Fn::Sub":"${A}-x"},)"
            R"("e":{"Fn::Join":["-",[{"Ref":"X"},"b"]]},"f":{"Fn::If":["Cond",1,2]},)"
            R"("g":{"Ref":"12"},"h":{"Fn::GetAtt":["Db","Endpoint.Port"]}})");
  EXPECT_EQ(doc->locations.Find("/e/Fn::Join/1/0/Ref").line, 5);
  EXPECT_EQ(doc->locations.Find("/b/Fn::GetAtt/1").line, 2);
}

TEST(YamlReader, CloudFormationModeStillRefusesOtherTags) {
  YamlReadOptions options;
  options.cloudformation_tags = true;
  auto doc = ReadYaml("a: 1\nb: !Bogus x\n", options);
  ASSERT_FALSE(doc.has_value());
  EXPECT_NE(doc.error().message.find("!Bogus"), std::string::npos);
  EXPECT_EQ(doc.error().where.line, 2);
}

TEST(YamlReader, DeepNestingFailsCleanly) {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  EXPECT_FALSE(ReadYaml(deep).has_value());
}

TEST(YamlReader, EmptyDocumentIsAnError) {
  EXPECT_FALSE(ReadYaml("").has_value());
  EXPECT_FALSE(ReadYaml("# only a comment\n").has_value());
}

TEST(YamlReader, StrayTextAfterTheDocumentFailsInsteadOfLooping) {
  // yaml-cpp 0.7's LoadAll never returns on these (found by the fuzzer).
  for (const char* text : {"{},", "[1],", "{}\n---\n{}\n"}) {
    auto doc = ReadYaml(text);
    EXPECT_FALSE(doc.has_value()) << text;
  }
}

TEST(YamlReader, NotesDuplicateKeys) {
  auto doc = ReadYaml("a: 1\na: 2\n");
  ASSERT_TRUE(doc.has_value());
  ASSERT_EQ(doc->duplicate_keys.size(), 1u);
  EXPECT_EQ(doc->duplicate_keys[0].where.line, 2);
}

}  // namespace
}  // namespace tern::asl
