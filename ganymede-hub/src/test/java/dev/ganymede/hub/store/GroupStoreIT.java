package dev.ganymede.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class GroupStoreIT extends StoreTestBase {

  @BeforeEach
  void createUsers() {
    for (String name : new String[] {"alice", "bob", "carol"}) {
      db.users().create(name, false, UserStatus.ACTIVE, Optional.empty());
    }
  }

  @Test
  void createsAnEmptyGroupAndFindsIt() {
    Group created = db.groups().create("course");

    assertThat(created.id()).isPositive();
    assertThat(created.members()).isEmpty();
    assertThat(db.groups().find("course")).contains(created);
    assertThat(db.groups().find("other")).isEmpty();
  }

  @Test
  void refusesASecondGroupWithTheSameName() {
    db.groups().create("course");

    assertThatThrownBy(() -> db.groups().create("course"))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("group course exists already");
  }

  @Test
  void addsMembersOnceEvenWhenAddedTwice() {
    db.groups().create("course");

    db.groups().addMembers("course", Set.of("alice", "bob"));
    db.groups().addMembers("course", Set.of("bob", "carol"));

    assertThat(db.groups().find("course").orElseThrow().members())
        .containsExactlyInAnyOrder("alice", "bob", "carol");
    assertThat(db.groups().groupsOf("bob")).containsExactly("course");
  }

  @Test
  void addsNoMemberWhenOneOfThemDoesNotExist() {
    db.groups().create("course");

    assertThatThrownBy(() -> db.groups().addMembers("course", Set.of("alice", "zed", "yan")))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no such users: yan, zed");
    assertThat(db.groups().find("course").orElseThrow().members()).isEmpty();
  }

  @Test
  void refusesMembersForAGroupThatDoesNotExist() {
    assertThatThrownBy(() -> db.groups().addMembers("nope", Set.of("alice")))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no group nope");
    assertThatThrownBy(() -> db.groups().removeMembers("nope", Set.of("alice")))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no group nope");
  }

  @Test
  void removesMembersAndIgnoresNamesThatAreNotMembers() {
    db.groups().create("course");
    db.groups().addMembers("course", Set.of("alice", "bob"));

    db.groups().removeMembers("course", Set.of("alice", "carol", "nobody"));

    assertThat(db.groups().find("course").orElseThrow().members()).containsExactly("bob");
    assertThat(db.groups().groupsOf("alice")).isEmpty();
  }

  @Test
  void listsGroupsByNameWithTheirMembers() {
    db.groups().create("zoo");
    db.groups().create("art");
    db.groups().addMembers("zoo", Set.of("carol"));

    assertThat(db.groups().list())
        .extracting(Group::name, Group::members)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("art", Set.of()),
            org.assertj.core.groups.Tuple.tuple("zoo", Set.of("carol")));
  }

  @Test
  void deletesAGroupWithItsMemberships() {
    db.groups().create("course");
    db.groups().create("staff");
    db.groups().addMembers("course", Set.of("alice"));
    db.groups().addMembers("staff", Set.of("alice"));

    assertThat(db.groups().delete("course")).isTrue();

    assertThat(db.groups().find("course")).isEmpty();
    assertThat(db.groups().groupsOf("alice")).containsExactly("staff");
    assertThat(db.groups().delete("course")).isFalse();
  }
}
