-- Keys list at most "wlk_" and 4 characters (or 4 of an operator's own key): shorten what was stored before.
UPDATE "api_key" SET "prefix" = CASE WHEN "prefix" LIKE 'wlk\_%' THEN left("prefix", 8) ELSE left("prefix", 4) END;
