-- CreateTable: presence per user and presence channel, from realtime webhooks (member_added / member_removed).
CREATE TABLE "presence_states" (
    "user_id" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "online" BOOLEAN NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "presence_states_pkey" PRIMARY KEY ("user_id","channel")
);

-- AddForeignKey
ALTER TABLE "presence_states" ADD CONSTRAINT "presence_states_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
