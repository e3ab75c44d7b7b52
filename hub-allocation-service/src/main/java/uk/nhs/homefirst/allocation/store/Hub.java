package uk.nhs.homefirst.allocation.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.Set;

/** A community hub and the postcode districts it covers. */
@Entity
@Table(name = "hub")
public class Hub extends PanacheEntityBase {

    @Id
    public String id;
    public String name;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "hub_district", joinColumns = @JoinColumn(name = "hub_id"))
    @Column(name = "district")
    public Set<String> districts = new HashSet<>();
}
