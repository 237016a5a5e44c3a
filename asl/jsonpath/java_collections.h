// How AWS's Java implementation orders and compares values in the intrinsics that go through
// java.util collections. AWS binds JSON to Java objects (String, Integer/Long, Double, Boolean,
// null, ArrayList, LinkedHashMap) and then:
//   States.ArrayUnique -> new ArrayList<>(new HashSet<>(list)): recorded [true,false,true,false]
//                         -> [false,true] and [[1,2],[1,2],[2,1]] -> [[2,1],[1,2]];
//   States.JsonMerge   -> a HashMap of the left object with the right one put over it.
// So results follow HashMap iteration order: by bucket (hash & (capacity - 1)), then insertion.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/json.h"

namespace tern::asl::jsonpath {

// Object.hashCode() of the Java value Jackson binds `value` to (null -> 0).
int32_t JavaHashCode(const Json& value);

// Object.equals() of the bound Java values: objects ignore key order, 1 and 1.0 differ
// (Integer vs Double).
bool JavaEquals(const Json& a, const Json& b);

// String.hashCode() over UTF-16 code units.
int32_t JavaStringHash(std::string_view utf8);

// The order in which java.util.HashMap iterates keys with these hashes, inserted in this order
// (no duplicates) into a table of `initial_capacity` (a power of two) that doubles whenever
// the size passes 0.75 of its capacity. Returns indexes into `hashes`.
std::vector<size_t> HashMapIterationOrder(const std::vector<int32_t>& hashes,
                                          size_t initial_capacity);

// HashMap's tableSizeFor: the smallest power of two >= n (at least 1).
size_t JavaTableSizeFor(size_t n);

}  // namespace tern::asl::jsonpath
