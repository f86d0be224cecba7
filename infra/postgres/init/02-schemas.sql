-- One schema per service in the current database, owned by that service's role, and nothing
-- else reachable by it. Safe to run again. Applied to `ecommerce` and to every test database.
DO $$
DECLARE
  pair text[];
BEGIN
  -- Nobody gets the public schema by default: each service lives in its own.
  REVOKE ALL ON SCHEMA public FROM PUBLIC;
  EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());

  FOREACH pair SLICE 1 IN ARRAY ARRAY[
    ['users', 'user_service'],
    ['catalog', 'product_service'],
    ['inventory', 'inventory_service'],
    ['orders', 'order_service'],
    ['payments', 'payment_service'],
    ['notifications', 'notification_service']
  ] LOOP
    EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', pair[1], pair[2]);
    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', pair[1], pair[2]);
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', pair[1]);
    EXECUTE format('ALTER ROLE %I IN DATABASE %I SET search_path = %I',
                   pair[2], current_database(), pair[1]);
  END LOOP;
END
$$;
