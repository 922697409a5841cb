/**
 * The demo seed: schema RETAIL with related tables (CUSTOMERS, PRODUCTS, ORDERS, ORDER_ITEMS), an
 * EVENTS table of 1,000,000 rows and ALL_TYPES with one column of every Exasol type. Deterministic:
 * every value is computed from the row number (no randomness), loaded with DuckDB's range().
 * Written in Exasol SQL, so it goes through the same dialect and type catalog as user statements.
 */
import type { StatementContext } from './contract';
import type { Session } from './session';

/** Name of the demo schema. */
export const DEMO_SCHEMA = 'RETAIL';
/** Row count of the large demo table RETAIL.EVENTS. */
export const DEMO_EVENTS_ROWS = 1000000;

const STATEMENTS: string[] = [
  `CREATE SCHEMA ${DEMO_SCHEMA}`,
  `CREATE TABLE CUSTOMERS (CUSTOMER_ID DECIMAL(18,0) PRIMARY KEY, NAME VARCHAR(100) UTF8 NOT NULL, EMAIL VARCHAR(200) ASCII,
     COUNTRY CHAR(2) ASCII, CREATED_AT TIMESTAMP, IS_ACTIVE BOOLEAN)`,
  `INSERT INTO CUSTOMERS SELECT I, 'Customer ' || I, 'customer' || I || '@example.com',
     ['DE','FR','US','GB','SE','JP','BR','IN'][(I % 8) + 1],
     TIMESTAMP '2020-01-01 00:00:00' + TO_MICROSECONDS((I * 7919 % 86400000) * 1000 + I % 1000) + INTERVAL 1 DAY * (I % 1500),
     I % 7 <> 0 FROM RANGE(1, 10001) T(I)`,
  `CREATE TABLE PRODUCTS (PRODUCT_ID INT PRIMARY KEY, NAME VARCHAR(100), CATEGORY VARCHAR(50), PRICE DECIMAL(10,2), WEIGHT_KG DOUBLE, SKU HASHTYPE(16 BYTE))`,
  `INSERT INTO PRODUCTS SELECT I, 'Product ' || I, ['Books','Garden','Toys','Food','Tools','Music'][(I % 6) + 1],
     CAST((I * 37 % 10000) / 100.0 + 0.99 AS DECIMAL(10,2)), (I * 13 % 5000) / 1000.0, MD5('sku' || I) FROM RANGE(1, 1001) T(I)`,
  `CREATE TABLE ORDERS (ORDER_ID INT PRIMARY KEY, CUSTOMER_ID INT NOT NULL, ORDER_DATE DATE, STATUS VARCHAR(20), TOTAL DECIMAL(12,2))`,
  `INSERT INTO ORDERS SELECT I, (I * 7 % 10000) + 1, DATE '2023-01-01' + INTERVAL 1 DAY * (I % 730),
     ['NEW','PAID','SHIPPED','DELIVERED','CANCELLED'][(I % 5) + 1], CAST((I * 7919 % 100000) / 100.0 AS DECIMAL(12,2)) FROM RANGE(1, 100001) T(I)`,
  `CREATE TABLE ORDER_ITEMS (ORDER_ID INT NOT NULL, LINE_NO SMALLINT NOT NULL, PRODUCT_ID INT NOT NULL, QUANTITY DECIMAL(5,0), UNIT_PRICE DECIMAL(10,2))`,
  `INSERT INTO ORDER_ITEMS SELECT (I / 3) + 1, (I % 3) + 1, (I * 31 % 1000) + 1, (I % 9) + 1, CAST((I * 37 % 10000) / 100.0 + 0.99 AS DECIMAL(10,2))
     FROM RANGE(0, 300000) T(I)`,
  `CREATE TABLE EVENTS (EVENT_ID BIGINT NOT NULL, EVENT_TIME TIMESTAMP, KIND VARCHAR(20), CUSTOMER_ID INT, AMOUNT DECIMAL(12,2), SCORE DOUBLE, PAYLOAD VARCHAR(200))`,
  `INSERT INTO EVENTS SELECT I, TIMESTAMP '2024-01-01 00:00:00' + TO_MICROSECONDS(I * 31536123),
     ['view','click','cart','purchase','refund'][(I % 5) + 1], (I * 7 % 10000) + 1,
     CAST((I * 7919 % 1000000) / 100.0 AS DECIMAL(12,2)), (I % 1000) / 8.0, 'event ' || I FROM RANGE(0, ${DEMO_EVENTS_ROWS}) T(I)`,
  `CREATE TABLE ALL_TYPES (ID INT PRIMARY KEY, C_BOOLEAN BOOLEAN, C_CHAR CHAR(10) UTF8, C_VARCHAR VARCHAR(100) UTF8, C_VARCHAR_ASCII VARCHAR(20) ASCII,
     C_DECIMAL DECIMAL(18,0), C_BIGINT BIGINT, C_DECIMAL_SCALED DECIMAL(12,4), C_DOUBLE DOUBLE PRECISION, C_DATE DATE, C_TIMESTAMP TIMESTAMP,
     C_TIMESTAMP_LTZ TIMESTAMP WITH LOCAL TIME ZONE, C_INTERVAL_YM INTERVAL YEAR(3) TO MONTH, C_INTERVAL_DS INTERVAL DAY(4) TO SECOND(3),
     C_GEOMETRY GEOMETRY, C_HASHTYPE HASHTYPE(16 BYTE))`,
  `INSERT INTO ALL_TYPES VALUES
     (1, TRUE, 'abc', 'hello world', 'ascii', 123456789012345678, 123456789012345678901234567890123456, 3.1415, 2.5, DATE '2024-06-18',
      TIMESTAMP '2024-06-18 17:22:13.123456', TIMESTAMP '2022-01-01 23:59:59.999', INTERVAL '5 years 3 months', INTERVAL '2 days 12:50:10.123',
      'POINT (1 2)', '550e8400e29b11d4a716446655440000'),
     (2, FALSE, 'x', 'Grüße 😀', 'B', -999999999999999999, -1, -0.001, -1.5e-10, DATE '1999-12-31',
      TIMESTAMP '1999-12-31 23:59:59.000001', TIMESTAMP '2000-01-01 00:00:00', INTERVAL '-1 years -5 months', INTERVAL '-3 days -01:02:03.004',
      'LINESTRING (0 0, 1 1)', 'ffffffffffffffffffffffffffffffff'),
     (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
  `CLOSE SCHEMA`,
];

/** Loads the demo seed through a session (skipped when the schema already exists, e.g. in a database file). */
export async function loadDemoSeed(session: Session): Promise<void> {
  if (await session.schemaExists(DEMO_SCHEMA)) return;
  const ctx: StatementContext = { signal: new AbortController().signal, protocolVersion: 3, resultSetMaxRows: 0 };
  for (const sql of STATEMENTS) await session.execute(sql, ctx);
}
