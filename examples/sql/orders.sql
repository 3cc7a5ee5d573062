-- Orders and shipments, two input streams merged by rowtime, with a reference table of products:
--   npx clickstream sql run examples/sql/orders.sql --input ORDERS=examples/sql/orders.jsonl \
--     --input SHIPMENTS=examples/sql/shipments.jsonl --table PRODUCTS=examples/sql/products.json
-- Schemas are discovered (JSON keys keep their case, so they are quoted).

-- 1. Each order with its product's name and amount: a lookup in the reference table.
CREATE OR REPLACE STREAM "ORDER_LINES" (order_id INTEGER, product VARCHAR(32), amount REAL);
CREATE OR REPLACE PUMP "ORDER_LINES_PUMP" AS INSERT INTO "ORDER_LINES"
  SELECT STREAM o."orderId", p."name", o."quantity" * p."price"
  FROM "ORDERS" AS o JOIN "PRODUCTS" AS p ON o."productId" = p."productId";

-- 2. Each shipment with its order, if that order came in the 5 minutes before: a stream-to-stream
--    join with a window on the orders. Order 1002 ships too late to match.
CREATE OR REPLACE STREAM "SHIPPED" (order_id INTEGER, product VARCHAR(32), amount REAL, carrier VARCHAR(8));
CREATE OR REPLACE PUMP "SHIPPED_PUMP" AS INSERT INTO "SHIPPED"
  SELECT STREAM l.order_id, l.product, l.amount, s."carrier"
  FROM "SHIPMENTS" AS s
  JOIN "ORDER_LINES" OVER (RANGE INTERVAL '5' MINUTE PRECEDING) AS l ON s."orderId" = l.order_id;
