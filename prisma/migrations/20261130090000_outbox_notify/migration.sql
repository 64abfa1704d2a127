-- Every instance's mail worker LISTENs on "outbox_messages": new mail rows wake
-- them all at commit, whoever wrote them. One notification per statement, and
-- PostgreSQL folds identical ones within a transaction, so a busy intake sends
-- few. Letters (topic letter.*) wait for staff and wake nobody.
CREATE FUNCTION notify_outbox_messages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT FROM inserted_messages WHERE topic LIKE 'mail.%') THEN
    PERFORM pg_notify('outbox_messages', '');
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_messages_notify
  AFTER INSERT ON outbox_messages
  REFERENCING NEW TABLE AS inserted_messages
  FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox_messages();
