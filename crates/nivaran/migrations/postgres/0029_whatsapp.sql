-- WhatsApp (issue 18, part 2): each citizen's conversation with the grievance line, kept in the
-- database so it survives restarts and any node can take its next message (its step and what
-- was said so far); the messages already taken (Meta delivers a message again when unsure);
-- and the citizens who chose to hear of their cases on WhatsApp too. Kept in lock-step with the
-- other engine's file of the same name.
CREATE TABLE whatsapp_conversations (
    wa_id TEXT PRIMARY KEY,
    language TEXT NOT NULL,
    step TEXT NOT NULL,
    data TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);
CREATE TABLE whatsapp_inbound (
    message_id TEXT PRIMARY KEY,
    wa_id TEXT NOT NULL,
    received_at BIGINT NOT NULL
);
CREATE TABLE whatsapp_optins (
    mobile TEXT PRIMARY KEY,
    wa_id TEXT NOT NULL,
    opted_in_at BIGINT NOT NULL
);
