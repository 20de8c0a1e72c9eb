/* SPDX-License-Identifier: Apache-2.0 */
/* The subjects of the fixture database written by make_fixture.cpp, checked on FIXTURE_DAY. */
#ifndef CREDO_TEST_FIXTURE_H
#define CREDO_TEST_FIXTURE_H

#define FIXTURE_DAY "2025-06-01"
/* major_tax_violation since 2024-01-10; 张三 is its legal representative */
#define FIXTURE_LISTED "91440300MA5F0000X1"
#define FIXTURE_PERSON "440300198001010011"
/* major_tax_violation and dishonest_enterprise: two black fields, escalated */
#define FIXTURE_TWO_FIELDS "91440300MA5F000181"
/* tax_credit_a (red) since 2025-01-01 */
#define FIXTURE_RED "91440300MA5F00026U"
/* not in the store */
#define FIXTURE_CLEAN "91440300MA5F00034N"
/* major_tax_violation with a pending objection: measures suspended */
#define FIXTURE_OBJECTED "91440300MA5F00042H"

#endif
