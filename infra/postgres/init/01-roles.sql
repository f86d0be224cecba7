-- Cluster-wide login roles, one per service. Safe to run again.
--
-- DEVELOPMENT DEFAULT PASSWORDS (<role>_dev_password). They exist so the system runs out of
-- the box on a laptop or in CI; every deployment must set its own through secrets.
DO $$
DECLARE
  r text;
BEGIN
  -- Test runs may apply this concurrently; CREATE ROLE has no IF NOT EXISTS.
  PERFORM pg_advisory_xact_lock(hashtext('ecommerce.init.roles'));
  FOREACH r IN ARRAY ARRAY[
    'user_service', 'product_service', 'inventory_service',
    'order_service', 'payment_service', 'notification_service'
  ] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', r, r || '_dev_password');
    END IF;
  END LOOP;
END
$$;
